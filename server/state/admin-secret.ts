// The admin secret of a data directory: made at random on the first start and kept there (file
// `admin-secret`, readable by its owner only), so no two setups share one and none is a documented
// default a web page could use. KALTURA_ADMIN_SECRET (option `adminSecret`) overrides it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function dataDirAdminSecret(dataDir: string): string {
  const file = path.join(dataDir, 'admin-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
