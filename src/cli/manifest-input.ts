/** The objects of `-f FILE|DIR|-`: a file, every .yaml/.yml/.json file of a folder (sorted), or standard input. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, manifestBytesMax, parseManifest, type OrcaObject } from '../api/index.js';
import { CliError } from './errors.js';

export interface ManifestObject {
  readonly object: OrcaObject;
  /** The file it came from, for messages. */
  readonly source: string;
}

const folderFilesMax = 1_000;
const manifestExtensions = /\.(ya?ml|json)$/i;

function parse(text: string, source: string): ManifestObject[] {
  try {
    return parseManifest(text).map((object) => ({ object, source }));
  } catch (error: unknown) {
    if (error instanceof ApiError) throw new CliError('usage', `${source}: ${error.message}`);
    throw error;
  }
}

function readText(path: string): string {
  try {
    if (statSync(path).size > manifestBytesMax)
      throw new CliError('usage', `${path}: larger than ${manifestBytesMax} bytes`);
    return readFileSync(path, 'utf8');
  } catch (error: unknown) {
    if (error instanceof CliError) throw error;
    throw new CliError('usage', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export async function readManifests(path: string, readStdin: () => Promise<string>): Promise<ManifestObject[]> {
  if (path === '-') return parse(await readStdin(), 'standard input');
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error: unknown) {
    throw new CliError(
      'usage',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : String(error)}`,
    );
  }
  if (!isFolder) return parse(readText(path), path);
  const files = readdirSync(path)
    .filter((name) => manifestExtensions.test(name))
    .sort();
  if (files.length > folderFilesMax) throw new CliError('usage', `${path}: more than ${folderFilesMax} manifest files`);
  return files.flatMap((name) => parse(readText(join(path, name)), join(path, name)));
}

/** Standard input as text, bounded by the manifest limit. */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > manifestBytesMax) throw new CliError('usage', `standard input: larger than ${manifestBytesMax} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
