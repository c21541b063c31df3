import { describe, expect, it } from 'vitest';
import type { KubeStatusError } from './kube-status.ts';
import { decodeProtobufObject } from './protobuf-body.ts';

// Hand-built wire bytes: a field key is (number << 3 | wire type); length-delimited fields carry their length.
function lengthDelimited(fieldNumber: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(fieldNumber << 3) | 2, content.length]), content]);
}
const str = (fieldNumber: number, value: string) => lengthDelimited(fieldNumber, Buffer.from(value, 'utf8'));
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([Buffer.from('k8s\u0000', 'latin1'), lengthDelimited(1, Buffer.concat([str(1, apiVersion), str(2, kind)])), lengthDelimited(2, raw)]);

function statusOf(action: () => unknown): KubeStatusError['status'] | undefined {
  try {
    action();
  } catch (error) {
    return (error as KubeStatusError).status;
  }
  return undefined;
}

describe('protobuf request bodies', () => {
  it('decode a Secret into the JSON a JSON client would send', () => {
    const metadata = lengthDelimited(1, Buffer.concat([str(1, 's3-creds'), str(3, 'argo'), lengthDelimited(11, Buffer.concat([str(1, 'team'), str(2, 'vision')]))]));
    const data = lengthDelimited(2, Buffer.concat([str(1, 'accessKey'), lengthDelimited(2, Buffer.from([0x00, 0xff]))]));
    const secret = envelope('v1', 'Secret', Buffer.concat([metadata, data, str(3, 'Opaque')]));
    expect(decodeProtobufObject(secret)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's3-creds', namespace: 'argo', labels: { team: 'vision' } },
      data: { accessKey: Buffer.from([0x00, 0xff]).toString('base64') },
      type: 'Opaque',
    });
  });

  it('refuse kinds it cannot read with 415, and broken bodies with 400', () => {
    expect(statusOf(() => decodeProtobufObject(envelope('v1', 'Pod', Buffer.alloc(0))))).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    expect(statusOf(() => decodeProtobufObject(Buffer.from('{"kind":"Secret"}')))?.message).toBe('protobuf body does not start with the k8s\\0 envelope');
    expect(statusOf(() => decodeProtobufObject(Buffer.concat([Buffer.from('k8s\u0000', 'latin1'), Buffer.from([0x0a, 0x20, 0x01])])))).toMatchObject({
      code: 400,
      message: 'unable to decode protobuf body: truncated field',
    });
  });
});
