// Files dragged onto the element or pasted while it has focus; a dropped folder brings the files
// inside it (folder-files.ts, loaded on the first folder drop: most pages never see one). While
// files are dragged over it the host has the `dragover`
// attribute, so a page can style `kaltura-uploader[dragover]::part(dropzone)`. A disabled
// element (its own `disabled`, or a `<fieldset disabled>` around it) takes no drops or pastes.
import { matchesAccept } from '../files/file-checks.js';

export interface DropTargetHost extends HTMLElement {
  /** Applied to the files found inside dropped folders. */
  accept: string;
}

export function acceptDrops(host: DropTargetHost, onFiles: (files: FileList | File[]) => void): void {
  /** dragenter/dragleave come in pairs as the pointer crosses child elements. */
  let depth = 0;
  // A form-associated element matches :disabled for its own `disabled` and a disabled fieldset.
  const open = () => !host.matches(':disabled');
  const end = () => {
    depth = 0;
    host.removeAttribute('dragover');
  };
  const onDrag = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files') || !open()) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (e.type === 'dragenter') depth++;
    host.toggleAttribute('dragover', true);
  };
  host.addEventListener('dragenter', onDrag);
  host.addEventListener('dragover', onDrag);
  host.addEventListener('dragleave', () => --depth <= 0 && end());
  host.addEventListener('drop', (e) => {
    const data = e.dataTransfer;
    if (!data?.files.length || !open()) return;
    e.preventDefault();
    end();
    // Entries must be taken now: the drop's items are empty once the event is over.
    const entries = [...data.items].map((item) => item.webkitGetAsEntry());
    if (entries.some((entry) => entry?.isDirectory)) void import('../files/folder-files.js').then((m) => m.filesOfEntries(entries, (file) => matchesAccept(file, host.accept))).then(onFiles);
    else onFiles(data.files);
  });
  host.addEventListener('paste', (e) => {
    const files = e.clipboardData?.files;
    if (!files?.length || !open()) return;
    e.preventDefault();
    onFiles(files);
  });
}
