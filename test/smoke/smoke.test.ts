import { assert } from '@esm-bundle/chai';
it('runs in the browser', () => { assert.equal(typeof document, 'object'); });
