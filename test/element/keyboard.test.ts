// Keyboard, paste and drag: every way a person hands files to the element.
import { assert } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { requireCapability, syntheticPasteCarriesFiles } from '../helpers/capability.js';
import { resetServer } from '../helpers/kaltura-server.js';
import { dropzone, makeFile, mountUploader, rowButton, rowState, rows, shadow, unmountAll, untilState } from './uploader-fixture.js';

describe('<kaltura-uploader> keyboard, paste and drag', () => {
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('Tab reaches the drop zone; Enter and Space open the file dialog', async () => {
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.append(before);
    const el = await mountUploader({ accept: 'video/*', multiple: true });
    const input = shadow(el).querySelector<HTMLInputElement>('input[type="file"]')!;
    assert.equal(input.accept, 'video/*');
    assert.isTrue(input.multiple);
    let opened = 0;
    // Cancelling the click keeps the native dialog shut; the click itself is what we check.
    input.addEventListener('click', (e) => {
      opened++;
      e.preventDefault();
    });

    before.focus();
    await sendKeys({ press: 'Tab' });
    assert.equal(shadow(el).activeElement, dropzone(el), 'the drop zone is the first stop');
    await sendKeys({ press: 'Enter' });
    assert.equal(opened, 1, 'Enter opens the dialog');
    await sendKeys({ press: ' ' }); // ' ', not 'Space': the one name Playwright, puppeteer and WebDriver all know
    assert.equal(opened, 2, 'Space opens the dialog');
    dropzone(el).click();
    assert.equal(opened, 3, 'a click opens the dialog');
    before.remove();
  });

  it('choosing files in the input adds them (as addFiles does)', async () => {
    const el = await mountUploader({ manual: true, multiple: true });
    const input = shadow(el).querySelector<HTMLInputElement>('input[type="file"]')!;
    const transfer = new DataTransfer();
    transfer.items.add(makeFile(10, 'a.mp4'));
    transfer.items.add(makeFile(10, 'b.mp4'));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    assert.deepEqual(rows(el).map((r) => r.dataset.state), ['queued', 'queued']);
    assert.equal(input.value, '', 'cleared, so the same file can be chosen again');
  });

  it('row buttons work from the keyboard', async () => {
    const el = await mountUploader({ manual: true });
    el.addFiles([makeFile(1000, 'keys.mp4')]);
    await el.updateComplete;
    const start = shadow(el).querySelector<HTMLButtonElement>('[part~="start-button"]')!;
    start.focus();
    await sendKeys({ press: 'Enter' });
    await untilState(el, 'keys.mp4', 'complete');
    const remove = rowButton(el, 'keys.mp4', 'remove')!;
    assert.equal(remove.getAttribute('aria-label'), 'Remove keys.mp4');
    remove.focus();
    await sendKeys({ press: ' ' }); // ' ', not 'Space': the one name Playwright, puppeteer and WebDriver all know
    await el.updateComplete;
    assert.lengthOf(rows(el), 0);
    assert.equal(shadow(el).activeElement, dropzone(el), 'focus goes back to the drop zone');
  });

  it('pasting files into the focused element adds them', async function () {
    requireCapability(this, syntheticPasteCarriesFiles(), 'a paste event made by a script carries no files here (a real paste does)');
    const el = await mountUploader({ manual: true });
    dropzone(el).focus();
    const transfer = new DataTransfer();
    transfer.items.add(makeFile(10, 'pasted.png', 'image/png'));
    const paste = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, composed: true, cancelable: true });
    dropzone(el).dispatchEvent(paste);
    await el.updateComplete;
    assert.isTrue(paste.defaultPrevented);
    assert.equal(rowState(el, 'pasted.png'), 'queued');
  });

  it('dragging files over shows a state; dropping adds them; without `multiple` only the first', async () => {
    const el = await mountUploader({ manual: true });
    const transfer = new DataTransfer();
    transfer.items.add(makeFile(10, 'one.mp4'));
    transfer.items.add(makeFile(10, 'two.mp4'));
    const drag = (type: string) => {
      const event = new DragEvent(type, { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
      dropzone(el).dispatchEvent(event);
      return event;
    };
    assert.isTrue(drag('dragenter').defaultPrevented);
    assert.isTrue(drag('dragover').defaultPrevented, 'the drop is allowed');
    assert.isTrue(el.hasAttribute('dragover'));
    drag('drop');
    await el.updateComplete;
    assert.isFalse(el.hasAttribute('dragover'));
    assert.deepEqual(rows(el).map((r) => r.querySelector('[part="name"]')!.textContent), ['one.mp4']);

    drag('dragenter');
    assert.isTrue(el.hasAttribute('dragover'));
    drag('dragleave');
    assert.isFalse(el.hasAttribute('dragover'), 'leaving clears the state');
  });
});
