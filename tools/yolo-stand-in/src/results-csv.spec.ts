import { describe, expect, it } from 'vitest';
import { buildResultsCsvColumns, buildResultsCsvHeader, formatResultsCsvRow } from './results-csv.ts';
import { hasReferenceFiles, readReferenceCsv, referenceNote } from './testing/reference-files.ts';

// The newest header generation per task in the reference files (plain CSV with a `time` column;
// 8 lr groups where the run used MuSGD, 3 otherwise).
const newest = {
  detect: 'AbishekEchno77__yolo26-nutrition-detector__detect-yolo26n-time-column.csv',
  classify: 'Alexandor136__YOLOv11_cls__classify-yolo11-time-column.csv',
  segment: 'DDSSMahith__Pothole-Segmentation-using-YOLOv8__segment-yolo26-sem-loss-8-lr-groups.csv',
  pose: 'vbalab__YOLO26s-pose-hands__pose-yolo26s-rle-loss-8-lr-groups.csv',
};

describe('buildResultsCsvHeader', () => {
  it.skipIf(!hasReferenceFiles)(`equals the newest real detect header (AdamW, 3 lr groups)${referenceNote}`, () => {
    expect(buildResultsCsvHeader('detect')).toBe(readReferenceCsv(newest.detect).header);
  });

  it.skipIf(!hasReferenceFiles)(`equals the newest real classify header${referenceNote}`, () => {
    expect(buildResultsCsvHeader('classify')).toBe(readReferenceCsv(newest.classify).header);
  });

  it.skipIf(!hasReferenceFiles)(`equals the newest real segment header with sem_loss and MuSGD's 8 lr groups${referenceNote}`, () => {
    expect(buildResultsCsvHeader('segment', { lrGroups: 8 })).toBe(readReferenceCsv(newest.segment).header);
  });

  it.skipIf(!hasReferenceFiles)(`equals the newest real YOLO26 pose header with rle_loss and 8 lr groups${referenceNote}`, () => {
    expect(buildResultsCsvHeader('pose', { family: 'yolo26', lrGroups: 8 })).toBe(readReferenceCsv(newest.pose).header);
  });

  it('gives YOLO11 pose no RLE loss and OBB an angle loss', () => {
    expect(buildResultsCsvColumns('pose', { family: 'yolo11' })).not.toContain('train/rle_loss');
    expect(buildResultsCsvHeader('obb')).toBe(
      'epoch,time,train/box_loss,train/cls_loss,train/dfl_loss,train/angle_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),val/box_loss,val/cls_loss,val/dfl_loss,val/angle_loss,lr/pg0,lr/pg1,lr/pg2',
    );
  });
});

describe('formatResultsCsvRow', () => {
  it.skipIf(!hasReferenceFiles)(`writes a real row back exactly as Ultralytics wrote it${referenceNote}`, () => {
    for (const row of readReferenceCsv(newest.detect).rows.slice(0, 5)) {
      expect(formatResultsCsvRow(row.map(Number))).toBe(row.join(','));
    }
  });

  it('writes NaN losses as nan', () => {
    expect(formatResultsCsvRow([3, 12.5, Number.NaN, 0.00043342])).toBe('3,12.5,nan,0.00043342');
  });
});
