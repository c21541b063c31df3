import type { ResultsTask } from '../results-columns.ts';

// results.csv headers as the current Ultralytics trainer writes them (with `time` and three
// learning-rate groups), per task. The real files in shared/reference cover older generations.
export const currentResultsHeaders: Record<ResultsTask, string> = {
  detect:
    'epoch,time,train/box_loss,train/cls_loss,train/dfl_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),val/box_loss,val/cls_loss,val/dfl_loss,lr/pg0,lr/pg1,lr/pg2',
  segment:
    'epoch,time,train/box_loss,train/seg_loss,train/cls_loss,train/dfl_loss,train/sem_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),metrics/precision(M),metrics/recall(M),metrics/mAP50(M),metrics/mAP50-95(M),val/box_loss,val/seg_loss,val/cls_loss,val/dfl_loss,val/sem_loss,lr/pg0,lr/pg1,lr/pg2',
  pose: 'epoch,time,train/box_loss,train/pose_loss,train/kobj_loss,train/cls_loss,train/dfl_loss,train/rle_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),metrics/precision(P),metrics/recall(P),metrics/mAP50(P),metrics/mAP50-95(P),val/box_loss,val/pose_loss,val/kobj_loss,val/cls_loss,val/dfl_loss,val/rle_loss,lr/pg0,lr/pg1,lr/pg2',
  classify: 'epoch,time,train/loss,metrics/accuracy_top1,metrics/accuracy_top5,val/loss,lr/pg0,lr/pg1,lr/pg2',
  obb: 'epoch,time,train/box_loss,train/cls_loss,train/dfl_loss,train/angle_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),metrics/mAP50-95(B),val/box_loss,val/cls_loss,val/dfl_loss,val/angle_loss,lr/pg0,lr/pg1,lr/pg2',
};

/** The same header with `groups` learning-rate columns (MuSGD runs write eight). */
export function withLearningRateGroups(header: string, groups: number): string {
  const base = header.replace(/(,lr\/pg\d+)+$/, '');
  return `${base}${Array.from({ length: groups }, (_, index) => `,lr/pg${index}`).join('')}`;
}

/** A data row: plain numbers joined by commas, as the trainer writes them. */
export function resultsRow(values: readonly number[]): string {
  return values.join(',');
}
