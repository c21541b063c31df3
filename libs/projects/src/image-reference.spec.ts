import { describe, expect, it } from 'vitest';
import { checkTrainerImage, isCpuOnlyUltralyticsImage, parseImageReference } from './image-reference.ts';

const digest = `sha256:${'a'.repeat(64)}`;

describe('trainer image references', () => {
  it('splits registry, repository, tag and digest', () => {
    expect(parseImageReference('ultralytics/ultralytics:8.4.21')).toEqual({ registry: 'docker.io', repository: 'ultralytics/ultralytics', tag: '8.4.21' });
    expect(parseImageReference(`registry.local:5000/ml/yolo:2026.01@${digest}`)).toEqual({
      registry: 'registry.local:5000', repository: 'ml/yolo', tag: '2026.01', digest,
    });
    expect(parseImageReference('python:3.12')).toMatchObject({ repository: 'library/python' });
    expect(parseImageReference('Ultralytics/Ultralytics:8.4.21')).toBeUndefined();
  });

  it.each(['ultralytics/ultralytics:8.4.21', 'ghcr.io/ultralytics/ultralytics:8.3.40-cpu', `ultralytics/ultralytics@${digest}`, 'ghcr.io/acme/trainer:1.2.0', `ultralytics/ultralytics:latest@${digest}`])(
    'accepts the pinned image %s',
    (image) => expect(checkTrainerImage(image)).toBeUndefined(),
  );

  it.each([
    ['ultralytics/ultralytics:latest-cpu', '"ultralytics/ultralytics:latest-cpu" uses the moving tag "latest-cpu", so each run could get a different trainer; pin a release tag or digest, e.g. ultralytics/ultralytics:8.4.21'],
    ['ultralytics/yolov8:latest-gpu', '"ultralytics/yolov8:latest-gpu" is not the Ultralytics trainer image; use ultralytics/ultralytics with a release tag, e.g. ultralytics/ultralytics:8.4.21'],
    ['ultralytics/ultralytics:main', '"main" is not an Ultralytics release tag; use a version such as 8.4.21 (GPU) or 8.4.21-cpu'],
    ['acme trainer', '"acme trainer" is not an image reference such as ultralytics/ultralytics:8.4.21'],
  ])('refuses %s', (image, message) => expect(checkTrainerImage(image)).toBe(message));

  it('knows which official variants have no CUDA', () => {
    expect(isCpuOnlyUltralyticsImage('ultralytics/ultralytics:8.4.21-cpu')).toBe(true);
    expect(isCpuOnlyUltralyticsImage('ultralytics/ultralytics:8.4.21-python')).toBe(true);
    expect(isCpuOnlyUltralyticsImage('ultralytics/ultralytics:8.4.21')).toBe(false);
    expect(isCpuOnlyUltralyticsImage('acme/trainer:1.0-cpu')).toBe(false);
  });
});
