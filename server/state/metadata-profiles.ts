// Custom-metadata profiles (metadata_metadataprofile) of the partner: seeded with one profile, plus
// those in `<dataDir>/metadata-profiles.json` (a JSON array of {id?, name, systemName?, xsd}) read on
// start, plus those a test command or the demo's dev route adds (kept in that file, so a restart
// keeps them). The XSD is Kaltura's profile-editor shape (metadata-schema.ts reads it).
import fs from 'node:fs';
import path from 'node:path';

export interface MetadataProfileRecord {
  id: number;
  name: string;
  systemName: string;
  xsd: string;
  createdAt: number;
}

/** The seeded profile: a required list, a required date, a multi-value text, an optional free text and a multi-value list. */
export const SEED_PROFILE_XSD = `<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:element name="metadata">
    <xsd:complexType>
      <xsd:sequence>
        <xsd:element id="md_1" name="Department" minOccurs="1" maxOccurs="1">
          <xsd:annotation><xsd:documentation></xsd:documentation><xsd:appinfo><label>Department</label><key>Department</key><searchable>true</searchable><description>Who owns the recording</description></xsd:appinfo></xsd:annotation>
          <xsd:simpleType><xsd:restriction base="listType"><xsd:enumeration value="Biology"/><xsd:enumeration value="Physics"/><xsd:enumeration value="History &amp; Art"/></xsd:restriction></xsd:simpleType>
        </xsd:element>
        <xsd:element id="md_2" name="RecordedOn" minOccurs="1" maxOccurs="1" type="dateType">
          <xsd:annotation><xsd:documentation></xsd:documentation><xsd:appinfo><label>Recorded on</label><key>Recorded on</key><searchable>true</searchable><timeControl>false</timeControl><description></description></xsd:appinfo></xsd:annotation>
        </xsd:element>
        <xsd:element id="md_3" name="Keywords" minOccurs="0" maxOccurs="unbounded" type="textType">
          <xsd:annotation><xsd:documentation></xsd:documentation><xsd:appinfo><label>Keywords</label><key>Keywords</key><searchable>true</searchable><description></description></xsd:appinfo></xsd:annotation>
        </xsd:element>
        <xsd:element id="md_4" name="Summary" minOccurs="0" maxOccurs="1" type="textType">
          <xsd:annotation><xsd:documentation></xsd:documentation><xsd:appinfo><label>Summary</label><key>Summary</key><searchable>true</searchable><description></description></xsd:appinfo></xsd:annotation>
        </xsd:element>
        <xsd:element id="md_5" name="Audience" minOccurs="0" maxOccurs="unbounded">
          <xsd:annotation><xsd:documentation></xsd:documentation><xsd:appinfo><label>Audience</label><key>Audience</key><searchable>true</searchable><description></description></xsd:appinfo></xsd:annotation>
          <xsd:simpleType><xsd:restriction base="listType"><xsd:enumeration value="Students"/><xsd:enumeration value="Staff"/><xsd:enumeration value="Public"/></xsd:restriction></xsd:simpleType>
        </xsd:element>
      </xsd:sequence>
    </xsd:complexType>
  </xsd:element>
  <xsd:complexType name="textType"><xsd:simpleContent><xsd:extension base="xsd:string"/></xsd:simpleContent></xsd:complexType>
  <xsd:complexType name="dateType"><xsd:simpleContent><xsd:extension base="xsd:long"/></xsd:simpleContent></xsd:complexType>
  <xsd:complexType name="objectType"><xsd:simpleContent><xsd:extension base="xsd:string"/></xsd:simpleContent></xsd:complexType>
  <xsd:simpleType name="listType"><xsd:restriction base="xsd:string"/></xsd:simpleType>
</xsd:schema>`;

export const SEED_PROFILE_ID = 7;

const FILE = 'metadata-profiles.json';

export class MetadataProfiles {
  private profiles = new Map<number, MetadataProfileRecord>();

  constructor(private readonly dataDir: string) {
    this.reset();
  }

  /** The seed, then the data dir's file (a broken file is reported and skipped: the server still starts). */
  load(): void {
    this.reset();
    const file = path.join(this.dataDir, FILE);
    if (!fs.existsSync(file)) return;
    try {
      for (const p of JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<MetadataProfileRecord>[]) this.put(p);
    } catch (error) {
      console.error(`[kaltura-api] ${file} is not a JSON array of profiles:`, error instanceof Error ? error.message : error);
    }
  }

  get(id: number): MetadataProfileRecord | undefined {
    return this.profiles.get(id);
  }

  list(): MetadataProfileRecord[] {
    return [...this.profiles.values()];
  }

  /** Adds (or replaces, by id) a profile and keeps it in the data dir. */
  add(input: Partial<MetadataProfileRecord>): MetadataProfileRecord {
    const profile = this.put(input);
    const own = this.list().filter((p) => p.id !== SEED_PROFILE_ID);
    fs.mkdirSync(this.dataDir, { recursive: true });
    fs.writeFileSync(path.join(this.dataDir, FILE), JSON.stringify(own, null, 2));
    return profile;
  }

  private put(input: Partial<MetadataProfileRecord>): MetadataProfileRecord {
    if (typeof input?.xsd !== 'string' || !input.xsd.includes('metadata')) throw new TypeError('a metadata profile needs an `xsd` with a `metadata` element');
    const id = Number.isInteger(input.id) && input.id! > 0 ? input.id! : Math.max(SEED_PROFILE_ID, ...this.profiles.keys()) + 1;
    const profile: MetadataProfileRecord = {
      id, name: String(input.name ?? `Profile ${id}`), systemName: String(input.systemName ?? ''), xsd: input.xsd, createdAt: input.createdAt ?? Date.now(),
    };
    this.profiles.set(id, profile);
    return profile;
  }

  private reset(): void {
    this.profiles = new Map([[SEED_PROFILE_ID, { id: SEED_PROFILE_ID, name: 'Course details', systemName: 'CourseDetails', xsd: SEED_PROFILE_XSD, createdAt: 0 }]]);
  }
}
