/**
 * The app package for the unified manifest: a zip of manifest.json and the two
 * icons it names (a 192 px colour icon and a 32 px white outline), which is what
 * the Microsoft 365 admin center (Integrated apps) and the Teams admin center
 * take as an upload. Written here with node:zlib (deflate + CRC-32), no library.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { ErrorCode } from '../../shared/errors';
import { msg, ServiceError } from '../services/errors';
import { addin, type ManifestSettings } from './definition';
import { localizationFile, renderJsonManifest, unifiedLocalization } from './json';
import { manifestCultures } from './languages';

/** The repository's assets/ (icons), beside src/. */
export const assetsDir = path.resolve(__dirname, '..', '..', '..', 'assets');

interface Entry {
  name: string;
  data: Buffer;
}

/** A zip archive (deflated entries, fixed 1980-01-01 timestamps so equal input gives equal bytes). */
export function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed = deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The first of the folders that has the icon (the build's assets/, then the source tree's). */
function readIcon(folders: string[], file: string): Buffer {
  for (const folder of folders) {
    const candidate = path.join(folder, path.basename(file));
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate);
  }
  throw new ServiceError(ErrorCode.unavailable, 503, msg('server.error.iconMissing', { file: path.basename(file), folders: folders.join(', ') }));
}

/** manifest.json, its localization files and its icons, zipped: the file to upload where a unified manifest is asked for. */
export function renderAppPackage(settings: ManifestSettings, iconFolders: string[] = [assetsDir]): Buffer {
  const iconFiles = [addin.packageIcons.color, addin.packageIcons.outline];
  return zip([
    { name: 'manifest.json', data: Buffer.from(renderJsonManifest(settings)) },
    ...manifestCultures.map(({ culture }) => ({ name: localizationFile(culture), data: Buffer.from(JSON.stringify(unifiedLocalization(culture), null, 2) + '\n') })),
    ...iconFiles.map((file) => ({ name: file, data: readIcon(iconFolders, file) })),
  ]);
}
