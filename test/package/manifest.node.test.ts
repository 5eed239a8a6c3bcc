// custom-elements.json, as tools (IDEs, Storybook, docs generators) find it through the packed
// package.json's `customElements` field: it describes <kaltura-uploader> with every attribute
// and event of the contract (public-api.md), each attribute tied to its property.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { packLibrary } from './packed-library.ts';

interface Attribute { name: string; fieldName?: string; description?: string }
interface Member { kind: string; name: string; privacy?: string; static?: boolean; description?: string }
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Attribute[];
  events?: { name: string; type?: { text: string }; description?: string }[];
  members?: Member[];
  cssParts?: { name: string; description?: string }[];
  cssProperties?: { name: string; default?: string; description?: string }[];
  slots?: { name: string }[];
}

const CONTRACT_ATTRIBUTES: Record<string, string> = {
  'service-url': 'serviceUrl',
  'partner-id': 'partnerId',
  'chunk-size': 'chunkSize',
  concurrency: 'concurrency',
  accept: 'accept',
  'max-file-size': 'maxFileSize',
  multiple: 'multiple',
  manual: 'manual',
  captions: 'captions',
  'category-ids': 'categoryIds',
  'metadata-profile-id': 'metadataProfileId',
};
const CONTRACT_EVENTS = [
  'kaltura-upload-start', 'kaltura-upload-progress', 'kaltura-upload-complete', 'kaltura-upload-error',
  'kaltura-upload-statechange',
];
const CONTRACT_METHODS = ['addFiles', 'start', 'pause', 'resume', 'cancel'];

let uploader: Declaration;
let manifest: { modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string; declaration: { module?: string } }[] }[] };
let packedFiles: string[];

before(() => {
  const { tarball, files } = packLibrary();
  const read = (file: string) => execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8' });
  const pkg = JSON.parse(read('package.json')) as { customElements?: string };
  assert.ok(pkg.customElements, 'package.json has a customElements field');
  const manifestPath = pkg.customElements.replace(/^\.\//, '');
  assert.ok(files.includes(manifestPath), `${manifestPath} is in the tarball`);
  manifest = JSON.parse(read(manifestPath));
  packedFiles = files;
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName === 'kaltura-uploader');
  assert.equal(found.length, 1, 'one declaration for <kaltura-uploader>');
  uploader = found[0]!;
});

test('the manifest declares <kaltura-uploader> as a custom element class', () => {
  assert.equal(uploader.kind, 'class');
  assert.equal(uploader.name, 'KalturaUploaderElement');
  assert.equal(uploader.customElement, true);
});

test('the manifest lists every attribute of the contract, each with its property and a description', () => {
  const attributes = new Map((uploader.attributes ?? []).map((a) => [a.name, a]));
  for (const [name, fieldName] of Object.entries(CONTRACT_ATTRIBUTES)) {
    const attribute = attributes.get(name);
    assert.ok(attribute, `attribute ${name}`);
    assert.equal(attribute.fieldName, fieldName, `attribute ${name} reflects property ${fieldName}`);
    assert.match(attribute.description ?? '', /\w/, `attribute ${name} is described`);
  }
});

test('ks is a documented property, not an attribute: a KS is never suggested for the DOM', () => {
  assert.ok(!(uploader.attributes ?? []).some((a) => a.name === 'ks' || a.fieldName === 'ks'), 'no ks attribute');
  const ks = (uploader.members ?? []).find((m) => m.name === 'ks' && m.kind === 'field');
  assert.ok(ks, 'the ks property');
  assert.match(ks.description ?? '', /removed/, 'its description says an attribute is read once and removed');
});

test('the manifest lists every event of the contract, typed and described', () => {
  const events = new Map((uploader.events ?? []).map((e) => [e.name, e]));
  for (const name of CONTRACT_EVENTS) {
    const event = events.get(name);
    assert.ok(event, `event ${name}`);
    assert.match(event.type?.text ?? '', /CustomEvent/, `event ${name} has its type`);
    assert.match(event.description ?? '', /\w/, `event ${name} is described`);
  }
});

test('the manifest lists the public methods and the ksProvider property, described, and the parts and custom properties', () => {
  const publicMembers = new Map((uploader.members ?? []).filter((m) => !m.privacy || m.privacy === 'public').map((m) => [m.name, m]));
  for (const name of [...CONTRACT_METHODS, 'ksProvider']) {
    assert.ok(publicMembers.has(name), `member ${name}`);
    assert.match(publicMembers.get(name)?.description ?? '', /\w/, `member ${name} is described`);
  }
  assert.ok((uploader.cssParts ?? []).length > 0, 'css parts are documented');
  assert.ok((uploader.cssProperties ?? []).every((p) => p.name.startsWith('--kaltura-uploader-') && p.default), 'custom properties have defaults');
  assert.ok((uploader.cssProperties ?? []).length > 0, 'custom properties are documented');
});

test('every module the manifest points at is a published file, and dist/define.js registers the tag', () => {
  const paths = manifest.modules.flatMap((m) => [m.path, ...(m.exports ?? []).map((e) => e.declaration.module ?? m.path)]);
  for (const file of paths) assert.ok(packedFiles.includes(file), `${file} is in the tarball`);
  const definitions = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => [m.path, e.name]));
  assert.deepEqual(definitions, [['dist/define.js', 'kaltura-uploader']]);
});
