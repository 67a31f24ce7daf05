// Limits of the object model, in one place (Kubernetes' values where it has one).

/** An encoded object larger than this is refused (etcd's request limit in Kubernetes). */
export const objectBytesMax = 1.5 * 1024 * 1024;
/** The total size of an object's annotation keys and values. */
export const annotationsBytesMax = 256 * 1024;
/** A manifest file or request body larger than this is refused before it is parsed. */
export const manifestBytesMax = 16 * 1024 * 1024;
/** Documents plus List items in one manifest. */
export const manifestObjectsMax = 10_000;
/** The encoded size of an object: its compact JSON in UTF-8. */
export function encodedBytes(json: unknown): number {
  return Buffer.byteLength(JSON.stringify(json), 'utf8');
}
