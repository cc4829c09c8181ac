import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpret, complete, splitText } from '../../../main/resources/web/app/commands.js';

test('plain text goes to the current target', () => {
  assert.deepEqual(interpret('hello', '#chat', true).lines, ['PRIVMSG #chat hello']);
  assert.deepEqual(interpret('hi there', 'bob', false).lines, ['PRIVMSG bob :hi there']);
  assert.deepEqual(interpret('//slash', '#c', true).lines, ['PRIVMSG #c /slash']);
  assert.ok(interpret('hello', '', false).error);
});

test('composer commands', () => {
  assert.deepEqual(interpret('/join chat', '', false), { lines: ['JOIN #chat'], action: { type: 'open', target: '#chat' } });
  assert.deepEqual(interpret('/join #a key', '', false).lines, ['JOIN #a key']);
  assert.deepEqual(interpret('/part', '#a', true).lines, ['PART #a']);
  assert.deepEqual(interpret('/part #b bye all', '#a', true).lines, ['PART #b :bye all']);
  assert.ok(interpret('/part', 'bob', false).error);
  const msg = interpret('/msg bob hi there', '#a', true);
  assert.deepEqual(msg.lines, ['PRIVMSG bob :hi there']);
  assert.deepEqual(msg.sent, { target: 'bob', text: 'hi there' });
  assert.deepEqual(interpret('/query carol', '#a', true), { lines: [], action: { type: 'open', target: 'carol' } });
  assert.deepEqual(interpret('/me waves', '#a', true).lines, ['PRIVMSG #a :\x01ACTION waves\x01']);
  assert.deepEqual(interpret('/nick dave', '#a', true).lines, ['NICK dave']);
  assert.deepEqual(interpret('/topic', '#a', true).lines, ['TOPIC #a']);
  assert.deepEqual(interpret('/topic new topic', '#a', true).lines, ['TOPIC #a :new topic']);
  assert.deepEqual(interpret('/list', '#a', true).action, { type: 'list' });
  assert.ok(interpret('/bogus', '#a', true).error);
  assert.ok(interpret('/join', '#a', true).error);
  assert.ok(interpret('/quote PRIVMSG #a :x\nQUIT', '#a', true).error);
});

test('a user cannot inject a second command', () => {
  const r = interpret('/join #a\r\nQUIT', '', false);
  assert.ok(r.error || r.lines.every((l) => !/[\r\n]/.test(l)));
  assert.deepEqual(interpret('line one\nQUIT :x', '#a', true).lines, ['PRIVMSG #a :line one', 'PRIVMSG #a :QUIT :x']);
});

test('long text is split under the byte limit on word boundaries', () => {
  const parts = splitText('word '.repeat(200).trim(), 100);
  assert.ok(parts.length > 5);
  for (const p of parts) assert.ok(Buffer.byteLength(p) <= 100);
  assert.equal(parts.join(' '), 'word '.repeat(200).trim());
  for (const p of splitText('é'.repeat(300), 100)) assert.ok(Buffer.byteLength(p) <= 100);
});

test('Tab completes nicks and cycles', () => {
  const c = ['alice', 'albert', '#alpha'];
  let r = complete('al', 2, c, null);
  assert.equal(r.value, 'alice: ');
  r = complete(r.value, r.caret, c, r.state);
  assert.equal(r.value, 'albert: ');
  r = complete(r.value, r.caret, c, r.state);
  assert.equal(r.value, 'alice: '); // wraps around
  assert.equal(complete('join #al', 8, c, null).value, 'join #alpha ');
  r = complete('hi al', 5, c, null);
  assert.equal(r.value, 'hi alice ');
  assert.equal(complete('zz', 2, c, null), null);
});
