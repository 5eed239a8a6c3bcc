import { test } from 'node:test';
import assert from 'node:assert/strict';
test('runs in node', () => { assert.equal(1 + 1, 2); });
