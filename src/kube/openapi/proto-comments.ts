/**
 * The leading comments of the orca.v1 .proto files, the one place where the API's
 * messages and fields are explained. The runtime schema (src/api/schema.ts) loads
 * the protos without comments, so this small reader takes them from the text:
 * a run of `//` lines directly above a `message` or a field (no blank line
 * between) belongs to it; a comment followed by a blank line belongs to nothing.
 * Fields are keyed by number, which is what the runtime schema and the text agree
 * on whatever the camelCase mapping does to a name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from './assert.js';
import { protoDir, protoFiles } from '../../gen/loader.js';

/** Our own .proto files are far below this; a larger one is a mistake, not an input to parse. */
export const protoFileBytesMax = 1024 * 1024;

export interface MessageComments {
  /** The file (relative to proto/) that declares the message: `orca/v1/meta.proto`. */
  readonly file: string;
  readonly comment?: string;
  /** Field number → its leading comment. */
  readonly fields: ReadonlyMap<number, string>;
}

const messageLine = /^message\s+(\w+)\s*\{/;
const blockLine = /^(oneof|enum|service)\s+\w+\s*\{/;
const fieldLine = /^(?:optional\s+|repeated\s+)?(?:map<[^>]+>|[\w.]+)\s+\w+\s*=\s*(\d+)\s*[;[]/;

/** The comments of every top-level message of one .proto file's text. Nested messages are not used by orca.v1. */
export function parseProtoComments(text: string, file: string): Map<string, MessageComments> {
  assert(text.length <= protoFileBytesMax, `${file} is larger than ${protoFileBytesMax} bytes`);
  const result = new Map<string, MessageComments>();
  const blocks: string[] = [];
  let pending: string[] = [];
  let current: { name: string; comment?: string; fields: Map<number, string> } | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('//')) {
      pending.push(line.replace(/^\/\/\s?/, '').trimEnd());
      continue;
    }
    const comment = joinComment(pending);
    pending = [];
    const message = messageLine.exec(line);
    if (message?.[1] !== undefined) {
      blocks.push('message');
      if (blocks.length === 1) {
        current = { name: message[1], fields: new Map() };
        if (comment !== undefined) current.comment = comment;
      }
      continue;
    }
    if (blockLine.test(line)) {
      blocks.push('block');
      continue;
    }
    if (line.startsWith('}')) {
      const closed = blocks.pop();
      if (closed === 'message' && blocks.length === 0 && current !== undefined) {
        result.set(current.name, { file, ...current });
        current = undefined;
      }
      continue;
    }
    const field = fieldLine.exec(line);
    if (field?.[1] !== undefined && current !== undefined && blocks.length > 0 && comment !== undefined)
      current.fields.set(Number(field[1]), comment);
  }
  return result;
}

/** Comment lines become one paragraph; an empty `//` line starts a new one. */
function joinComment(lines: readonly string[]): string | undefined {
  const paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').join(' ').replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
  return paragraphs.length === 0 ? undefined : paragraphs.join('\n\n');
}

let cache: ReadonlyMap<string, MessageComments> | undefined;

/** The comments of every orca.v1 message, read once from the .proto files the generated code came from. */
export function protoComments(): ReadonlyMap<string, MessageComments> {
  if (cache !== undefined) return cache;
  const all = new Map<string, MessageComments>();
  const root = protoDir();
  for (const file of protoFiles) {
    if (!file.startsWith('orca/v1/')) continue;
    for (const [name, comments] of parseProtoComments(readFileSync(join(root, file), 'utf8'), file)) {
      assert(!all.has(name), `message ${name} is declared twice`);
      all.set(name, comments);
    }
  }
  cache = all;
  return all;
}
