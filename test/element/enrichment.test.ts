// <kaltura-uploader> with captions, categories and a custom-metadata profile, against the local
// API, as a person uses it: a dropped .srt attaches to its video's row, the profile's fields show
// and keep the file waiting until the required ones are filled, then the entry has its metadata
// XML, its categories (a moderated one PENDING, said on the row) and the row tells a refused caption.
import { assert } from '@esm-bundle/chai';
import { addMetadataProfile, entryInfo, resetServer, userKs } from '../helpers/kaltura-server.js';
import { makeFile, mountUploader, norm, row, rows, shadow, unmountAll, untilState, waitFor } from './uploader-fixture.js';

async function api<T = any>(ks: string, service: string, action: string, params: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${location.origin}/api_v3/service/${service}/action/${action}?format=1`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ks, format: 1, ...params }),
  });
  return res.json();
}

const someUser = () => `el-enrich-${Math.random().toString(36).slice(2, 10)}`;
const srt = (name: string) => new File(['1\n00:00:00,000 --> 00:00:01,000\nHi\n'], name, { type: 'application/x-subrip' });
const field = (li: HTMLElement, name: string) => li.querySelector<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(`:is(input, select, textarea)[id^="md-${name}-"]`)!;
const set = (control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string) => {
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
};
const uploadButton = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="start-button"]')!;

describe('<kaltura-uploader>: captions, categories, custom metadata', function () {
  this.timeout(60_000);
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('a profile with a required list and a date keeps the file waiting until filled; then the entry has the XML, its categories and the row tells the outcomes', async () => {
    const ks = await userKs({ userId: someUser() });
    const el = await mountUploader(
      { metadata: true, 'metadata-profile-id': '7', 'category-ids': '12', multiple: true },
      { ks, categoryChoices: [{ id: 12, fullName: 'Courses>Biology' }, { id: 14, fullName: 'Reviewed' }] },
    );
    el.addFiles([makeFile(40_000, 'lecture.mp4')]);
    await waitFor(() => field(row(el, 'lecture.mp4'), 'Department'), 'the profile\'s fields');
    el.addFiles([srt('lecture.srt')]); // dropped after its video
    await el.updateComplete;
    assert.lengthOf(rows(el), 1, 'the caption attached to its video instead of becoming a row');
    const li = row(el, 'lecture.mp4');
    assert.include(norm(li.querySelector('[part="captions"]')?.textContent), 'lecture.srt');
    assert.deepEqual([...li.querySelectorAll('.custom-fields label.required')].map((l) => norm(l.textContent)), ['Department', 'Recorded on']);
    assert.deepEqual([...field(li, 'Department').options].map((o) => o.value), ['', 'Biology', 'Physics', 'History & Art']);
    assert.equal(field(li, 'RecordedOn').type, 'date');
    assert.notInclude(norm(li.textContent), 'Required', 'no complaint before anything was touched or Upload pressed');
    // The moderated category too.
    const reviewed = [...li.querySelectorAll<HTMLLabelElement>('[part="categories"] label')].find((l) => norm(l.textContent) === 'Reviewed')!;
    reviewed.querySelector('input')!.click();

    uploadButton(el).click();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(row(el, 'lecture.mp4').dataset.state, 'queued', 'the file waits for its required fields');
    assert.include(norm(row(el, 'lecture.mp4').textContent), 'Fill in the required fields to upload this file');
    assert.include(norm(row(el, 'lecture.mp4').textContent), 'Required');

    set(field(row(el, 'lecture.mp4'), 'Department'), 'History & Art');
    set(field(row(el, 'lecture.mp4'), 'Keywords'), 'cells\nmitosis');
    await el.updateComplete;
    assert.equal(row(el, 'lecture.mp4').dataset.state, 'queued', 'one required field is still empty');
    set(field(row(el, 'lecture.mp4'), 'RecordedOn'), '2026-03-04'); // valid now: it goes
    const complete = new Promise<CustomEvent>((resolve) => el.addEventListener('kaltura-upload-complete', (e) => resolve(e as CustomEvent), { once: true }));
    await untilState(el, 'lecture.mp4', 'complete');
    const { entryId } = (await complete).detail;

    const metadata = await api(ks, 'metadata_metadata', 'list', { filter: { objectType: 'KalturaMetadataFilter', objectIdEqual: entryId } });
    assert.equal(metadata.objects?.[0]?.xml, '<metadata><Department>History &amp; Art</Department><RecordedOn>1772582400</RecordedOn><Keywords>cells</Keywords><Keywords>mitosis</Keywords></metadata>');
    const categories = await api(ks, 'categoryentry', 'list', { filter: { objectType: 'KalturaCategoryEntryFilter', entryIdEqual: entryId } });
    assert.deepEqual(categories.objects.map((c: { categoryId: number; status: number }) => [c.categoryId, c.status]).sort(), [[12, 2], [14, 1]]);
    await waitFor(() => row(el, 'lecture.mp4').querySelector('[part="enrichment-outcome"]'), 'the outcomes on the row');
    const told = norm(row(el, 'lecture.mp4').querySelector('[part="enrichment-outcome"]')!.textContent);
    assert.include(told, 'Captions not allowed for this session', 'a plain user KS may not add captions: said on the row');
    assert.include(told, 'Reviewed: waiting for a moderator');
    const captions = await api(ks, 'caption_captionasset', 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: entryId } });
    assert.equal(captions.totalCount, 0);
  });

  it('with a role that may change captions the row\'s caption lands on the entry, in the chosen language', async () => {
    const ks = await userKs({ userId: someUser(), privileges: 'setrole:CAPTION_EDITOR' });
    const el = await mountUploader({ captions: true, manual: true }, { ks });
    el.addFiles([makeFile(30_000, 'talk.mp4')]);
    await waitFor(() => row(el, 'talk.mp4').querySelector('[part~="add-captions-button"]'), 'Add captions');
    const input = row(el, 'talk.mp4').querySelector<HTMLInputElement>('[part~="add-captions-button"] input')!;
    assert.equal(input.accept, '.srt,.vtt,.dfxp');
    const transfer = new DataTransfer();
    transfer.items.add(new File(['WEBVTT\n\n00:00.000 --> 00:01.000\nHola\n'], 'talk.vtt', { type: 'text/vtt' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const select = row(el, 'talk.mp4').querySelector<HTMLSelectElement>('[part="captions"] select')!;
    assert.equal(select.getAttribute('aria-label'), 'Language of talk.vtt');
    set(select, 'Spanish');
    el.start();
    await untilState(el, 'talk.mp4', 'complete');
    await waitFor(() => row(el, 'talk.mp4').querySelector('[part="enrichment-outcome"]'), 'the outcome');
    assert.include(norm(row(el, 'talk.mp4').textContent), 'Caption added: talk.vtt');
    const entryId = shadow(el).querySelector('[part="entry"]')?.textContent?.match(/\d_[0-9a-z]{8}/)?.[0];
    const captions = await api(ks, 'caption_captionasset', 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: entryId } });
    assert.deepInclude(captions.objects?.[0], { language: 'Spanish', format: '3', status: 2, isDefault: 1 });
  });

  it('an invalid value shows the server\'s validation text (the profile changed after the form was read)', async () => {
    const xsd = (values: string[]) => `<?xml version="1.0"?><xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><xsd:element name="metadata"><xsd:complexType><xsd:sequence>` +
      `<xsd:element name="Level" minOccurs="1" maxOccurs="1"><xsd:annotation><xsd:appinfo><label>Level</label></xsd:appinfo></xsd:annotation><xsd:simpleType><xsd:restriction base="listType">${values.map((v) => `<xsd:enumeration value="${v}"/>`).join('')}</xsd:restriction></xsd:simpleType></xsd:element>` +
      `</xsd:sequence></xsd:complexType></xsd:element><xsd:simpleType name="listType"><xsd:restriction base="xsd:string"/></xsd:simpleType></xsd:schema>`;
    const id = await addMetadataProfile({ name: 'Levels', xsd: xsd(['Intro', 'Advanced']) });
    const ks = await userKs({ userId: someUser() });
    const el = await mountUploader({ metadata: true, 'metadata-profile-id': String(id) }, { ks });
    el.addFiles([makeFile(20_000, 'levels.mp4')]);
    await waitFor(() => field(row(el, 'levels.mp4'), 'Level'), 'the field');
    set(field(row(el, 'levels.mp4'), 'Level'), 'Intro');
    // An admin edits the profile meanwhile: Kaltura validates against the new one.
    await addMetadataProfile({ id, name: 'Levels', xsd: xsd(['Beginner', 'Expert']) });
    el.start();
    await untilState(el, 'levels.mp4', 'complete');
    await waitFor(() => row(el, 'levels.mp4').querySelector('[part="enrichment-outcome"]'), 'the outcome');
    assert.include(norm(row(el, 'levels.mp4').textContent),
      "Custom fields not saved: invalid metadata data: Element 'Level': [facet 'enumeration'] The value 'Intro' is not an element of the set {'Beginner', 'Expert'}.");
  });

  it('the conversion profile picked goes to media.add; entry fields Kaltura did not keep are told on the row and in an event', async () => {
    const ks = await userKs({ userId: someUser() });
    const el = await mountUploader({ metadata: true, 'category-ids': '12' }, {
      ks, uploadOptions: { entry: { entitledUsersEdit: 'bob' } },
      conversionProfileChoices: [{ id: 1001, name: 'Default' }, { id: 1002, name: 'Audio only' }],
    });
    el.addFiles([makeFile(20_000, 'choice.mp4')]);
    await waitFor(() => row(el, 'choice.mp4').querySelector('[id^="conversion-"]'), 'the conversion picker');
    set(row(el, 'choice.mp4').querySelector<HTMLSelectElement>('[id^="conversion-"]')!, '1002');
    const dropped = new Promise<CustomEvent>((resolve) => el.addEventListener('kaltura-entry-fields-dropped', (e) => resolve(e as CustomEvent), { once: true }));
    el.start();
    await untilState(el, 'choice.mp4', 'complete');
    const { detail } = await dropped;
    assert.deepEqual(detail.droppedFields, ['entitledUsersEdit'], 'the entry came back without it');
    assert.equal(detail.file.name, 'choice.mp4');
    assert.equal((await entryInfo(detail.entryId))?.conversionProfileId, 1002);
    await waitFor(() => row(el, 'choice.mp4').querySelector('[part="enrichment-outcome"]'), 'the outcome');
    assert.include(norm(row(el, 'choice.mp4').textContent), 'Not kept by Kaltura for this session: entitledUsersEdit');
  });
});
