import { describe, expect, it } from 'vitest';
import { createPathMapper } from './path-mapping.ts';

const mapper = createPathMapper({
  podRoot: '/state/pods/p1',
  mounts: [
    { mountPath: '/go', folder: '/state/claims/workdir' },
    { mountPath: '/data/models/', folder: '/state/volumes/models' },
  ],
  extraPaths: ['/mnt/out/result.json'],
});

describe('container paths on local folders', () => {
  it('puts paths under a mount into the volume folder and the rest under the pod root', () => {
    expect(mapper.toHostPath('/go/src/x')).toBe('/state/claims/workdir/src/x');
    expect(mapper.toHostPath('/go')).toBe('/state/claims/workdir');
    expect(mapper.toHostPath('/data/models/best.pt')).toBe('/state/volumes/models/best.pt');
    expect(mapper.toHostPath('/tmp/hello_world.txt')).toBe('/state/pods/p1/tmp/hello_world.txt');
    expect(mapper.toHostPath('relative/x')).toBe('/state/pods/p1/relative/x');
  });

  it('rewrites mounts, /tmp and known paths inside shell lines, only at path boundaries', () => {
    expect(mapper.rewrite('cd /go/src/github.com/golang/example/hello && go build -v .')).toBe('cd /state/claims/workdir/src/github.com/golang/example/hello && go build -v .');
    expect(mapper.rewrite('echo hello world | tee /tmp/hello_world.txt')).toBe('echo hello world | tee /state/pods/p1/tmp/hello_world.txt');
    expect(mapper.rewrite('--out=/mnt/out/result.json')).toBe('--out=/state/pods/p1/mnt/out/result.json');
    expect(mapper.rewrite('/golang /var/tmp /tmpfile cat /etc/os-release')).toBe('/golang /var/tmp /tmpfile cat /etc/os-release');
  });
});
