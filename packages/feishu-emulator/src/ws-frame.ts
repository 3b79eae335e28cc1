/**
 * The long connection's wire format: protobuf `pbbp2.Frame` (proto2, four required fields), as the
 * SDK's WSClient encodes it. Declared here from the field list (toolchain.md §3), not copied.
 */
import protobuf from 'protobufjs';

export const FrameMethod = { control: 0, data: 1 } as const;

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: FrameHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: 'required', type: 'string', id: 1 },
            value: { rule: 'required', type: 'string', id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: 'required', type: 'uint64', id: 1 },
            LogID: { rule: 'required', type: 'uint64', id: 2 },
            service: { rule: 'required', type: 'int32', id: 3 },
            method: { rule: 'required', type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType('pbbp2.Frame');

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

/** Decodes a frame; 64-bit ids come back as numbers (they are small counters in practice). */
export function decodeFrame(bytes: Uint8Array): Frame {
  const message = FrameType.decode(bytes);
  return FrameType.toObject(message, { longs: Number, arrays: true }) as Frame;
}

export function headerValue(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}

/** Splits a payload into `sum` chunks of at most `size` bytes (size 0 → one chunk). */
export function fragment(payload: Uint8Array, size: number): Uint8Array[] {
  if (size <= 0 || payload.length <= size) return [payload];
  const parts: Uint8Array[] = [];
  for (let i = 0; i < payload.length; i += size) parts.push(payload.subarray(i, i + size));
  return parts;
}
