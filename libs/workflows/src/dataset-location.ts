import type { ProjectConfig } from '@trainops/projects';
import { workspacePaths } from './train-pipeline-templates.ts';

// Where a project's data.yaml is in the training pod, and, for a dataset on S3, which folder to
// fetch: the data.yaml's folder holds the images its relative paths name.

export type DatasetSource =
  | { kind: 'repository'; dataPath: string }
  | { kind: 's3'; bucket: string; folderKey: string; dataFile: string; dataPath: string };

/** The dataset of `project`, or a sentence saying why it cannot be fetched. */
export function resolveDatasetSource(project: ProjectConfig): DatasetSource | { problem: string } {
  const dataset = project.dataset;
  if ('yaml' in dataset) return { kind: 'repository', dataPath: `${workspacePaths.source}/${dataset.yaml}` };
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(dataset.s3);
  const bucket = match?.[1];
  const key = match?.[2];
  if (bucket === undefined || key === undefined) return { problem: `dataset.s3 of project ${project.name} is not an s3://bucket/…/data.yaml URI` };
  const slash = key.lastIndexOf('/');
  if (slash <= 0) {
    // The folder would be the whole bucket: every object in it would be copied into the pod.
    return { problem: `dataset.s3 of project ${project.name} must put data.yaml in a folder (s3://${bucket}/<folder>/${key}), not at the top of the bucket` };
  }
  const folderKey = key.slice(0, slash);
  const dataFile = key.slice(slash + 1);
  return { kind: 's3', bucket, folderKey, dataFile, dataPath: `${workspacePaths.dataset}/${dataFile}` };
}
