/**
 * spdy: the SPDY/3.1 framing Kubernetes' streaming protocols still ride on
 * (kubectl port-forward tunnels it through a WebSocket; kubelets and
 * containerd's streaming server speak it for exec, attach and port-forward).
 * Self-contained: it imports nothing else from the project.
 */
export {
  SpdyConnection,
  spdyConnectionDefaults,
  SpdyError,
  SpdyStream,
  type SpdyConnectionOptions,
} from './connection.js';
export { FrameError, FrameParser, ResetStatus, GoAwayStatus, type Frame } from './frames.js';
export {
  decodeHeaderBlock,
  encodeHeaderBlock,
  HeaderBlockError,
  HeaderCompressor,
  HeaderDecompressor,
  spdyDictionary,
  type SpdyHeaders,
} from './header-codec.js';
