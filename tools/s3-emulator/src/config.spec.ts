import { describe, expect, it } from 'vitest';
import { parseS3EmulatorConfig } from './config.ts';

describe('parseS3EmulatorConfig', () => {
  it('reads every S3_* variable', () => {
    const env = {
      S3_HOST: '127.0.0.1',
      S3_PORT: '9000',
      S3_DATA_DIR: '.data/s3',
      S3_BUCKETS: 'datasets, models,,',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_REGION: 'eu-west-1',
      S3_AUTH: 'false',
    };
    expect(parseS3EmulatorConfig(env, [])).toEqual({
      host: '127.0.0.1',
      port: 9000,
      dataDir: '.data/s3',
      buckets: ['datasets', 'models'],
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      region: 'eu-west-1',
      auth: false,
    });
  });

  it('lets flags override variables, in both --flag value and --flag=value forms', () => {
    expect(parseS3EmulatorConfig({ S3_PORT: '9000' }, ['--port', '9100', '--buckets=a1b'])).toEqual({ port: 9100, buckets: ['a1b'] });
    expect(parseS3EmulatorConfig({ S3_AUTH: 'true' }, ['--no-auth'])).toEqual({ auth: false });
  });

  it('leaves unset and blank settings to the defaults', () => {
    expect(parseS3EmulatorConfig({ S3_PORT: ' ' }, [])).toEqual({});
  });

  it('names the variable or flag that is wrong', () => {
    expect(() => parseS3EmulatorConfig({ S3_PORT: 'http' }, [])).toThrow('S3_PORT must be a port number from 0 to 65535, got "http".');
    expect(() => parseS3EmulatorConfig({}, ['--port', '70000'])).toThrow('--port must be a port number from 0 to 65535, got "70000".');
    expect(() => parseS3EmulatorConfig({ S3_AUTH: 'maybe' }, [])).toThrow('S3_AUTH must be true or false, got "maybe".');
    expect(() => parseS3EmulatorConfig({}, ['--verbose'])).toThrow('Unknown argument "--verbose".');
    expect(() => parseS3EmulatorConfig({}, ['--region'])).toThrow('--region needs a value.');
  });
});
