import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { isNotFound } from '../aws/errors.js';
import { call, fail } from '../engine/context.js';

/** A backup object: its key (relative path for a folder) and when it was written. */
export interface BackupObject {
  key: string;
  time: Date;
}

/** Where backed-up objects are read from, and where the replay keeps its checkpoint. */
export interface BackupSource {
  /** For messages: s3://bucket/... or the folder. */
  describe: string;
  list(): Promise<BackupObject[]>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  readCheckpoint(): Promise<string | undefined>;
  writeCheckpoint(text: string): Promise<void>;
}

/**
 * A local folder holding the same objects as the bucket (`aws s3 sync`, or the demo's backup
 * folder). The checkpoint lives next to it: `<folder>.replay-checkpoint.json`.
 */
export class FolderBackup implements BackupSource {
  readonly describe: string;
  private readonly checkpointPath: string;

  constructor(private readonly root: string) {
    this.describe = root;
    this.checkpointPath = join(dirname(root), `${basename(root)}.replay-checkpoint.json`);
  }

  async list(): Promise<BackupObject[]> {
    const found: BackupObject[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile()) found.push({ key: relative(this.root, path).split(sep).join('/'), time: statSync(path).mtime });
      }
    };
    walk(this.root);
    return found;
  }

  async read(key: string): Promise<Buffer> {
    return readFileSync(join(this.root, key));
  }

  async remove(key: string): Promise<void> {
    unlinkSync(join(this.root, key));
  }

  async readCheckpoint(): Promise<string | undefined> {
    return existsSync(this.checkpointPath) ? readFileSync(this.checkpointPath, 'utf8') : undefined;
  }

  async writeCheckpoint(text: string): Promise<void> {
    writeFileSync(this.checkpointPath, text);
  }
}

/** Where the replay keeps its checkpoint in the backup bucket. */
export const CHECKPOINT_KEY = 'replayed/checkpoint.json';

/** The stack's backup bucket: the objects under the stream's error prefixes; the checkpoint under `replayed/`. */
export class BucketBackup implements BackupSource {
  readonly describe: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefixes: readonly string[],
  ) {
    this.describe = `s3://${bucket}/{${prefixes.join(',')}}`;
  }

  async list(): Promise<BackupObject[]> {
    const found: BackupObject[] = [];
    for (const Prefix of this.prefixes) {
      let ContinuationToken: string | undefined;
      do {
        const page = await call('s3:ListObjectsV2', this.bucket, () => this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, ContinuationToken })));
        for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) found.push({ key: o.Key, time: o.LastModified ?? new Date(0) });
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    }
    return found;
  }

  async read(key: string): Promise<Buffer> {
    const answer = await call('s3:GetObject', key, () => this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    return Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }

  async remove(key: string): Promise<void> {
    await call('s3:DeleteObject', key, () => this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  async readCheckpoint(): Promise<string | undefined> {
    try {
      return (await this.read(CHECKPOINT_KEY)).toString('utf8');
    } catch (error) {
      if (isNotFound((error as { cause?: unknown }).cause ?? error)) return undefined;
      fail('s3:GetObject', CHECKPOINT_KEY, error);
    }
  }

  async writeCheckpoint(text: string): Promise<void> {
    await call('s3:PutObject', CHECKPOINT_KEY, () => this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: CHECKPOINT_KEY, Body: text, ContentType: 'application/json' })));
  }
}
