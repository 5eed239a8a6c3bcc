// Files dragged onto the element or pasted while it has focus. While files are dragged over it the
// host has the `dragover` attribute, so a page can style `kaltura-uploader[dragover]::part(dropzone)`.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class DropTarget implements ReactiveController {
  /** dragenter/dragleave come in pairs as the pointer crosses child elements. */
  #depth = 0;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #onFiles: (files: FileList) => void;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    onFiles: (files: FileList) => void,
  ) {
    this.#host = host;
    this.#onFiles = onFiles;
    host.addController(this);
    host.addEventListener('dragenter', this.#onDrag);
    host.addEventListener('dragover', this.#onDrag);
    host.addEventListener('dragleave', this.#onDragLeave);
    host.addEventListener('drop', this.#onDrop);
    host.addEventListener('paste', this.#onPaste);
  }

  hostConnected(): void {}

  #onDrag = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (e.type === 'dragenter') this.#depth++;
    this.#host.toggleAttribute('dragover', true);
  };

  #onDragLeave = (): void => {
    if (--this.#depth <= 0) this.#end();
  };

  #onDrop = (e: DragEvent): void => {
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    this.#end();
    this.#onFiles(e.dataTransfer.files);
  };

  #onPaste = (e: ClipboardEvent): void => {
    const files = e.clipboardData?.files;
    if (!files?.length) return;
    e.preventDefault();
    this.#onFiles(files);
  };

  #end(): void {
    this.#depth = 0;
    this.#host.removeAttribute('dragover');
  }
}
