/**
 * The CSV exports of signatures, a keyset page at a time: the one definition of their columns,
 * used wherever the page is read (the reader thread on SQLite, src/db/reader.ts), so nothing here
 * may load the database or a service.
 */
import { pageFormat } from "../../db/reader.ts";
import { csvRow } from "./csv.ts";
import type { ReferredSigner } from "./signatures.repository.ts";
import type { SignatureExportRow, SignatureListItem } from "./signatures.ts";

/** The export's words in the reader's language: column names, statuses, yes and no. */
export interface CsvLabels {
  header: string[];
  status: Record<SignatureListItem["status"], string>;
  yes: string;
  no: string;
}

/** The sponsor's export: every signature of the action. */
export const signatureCsvPage = pageFormat(
  import.meta.url,
  "signatureCsvPage",
  (labels: CsvLabels) => (rows: SignatureExportRow[]) =>
    rows
      .map((s) =>
        csvRow([
          s.name,
          s.email,
          s.postalCode,
          labels.status[s.status],
          s.createdAt,
          s.confirmedAt,
          s.source,
          s.consentSponsor ? labels.yes : labels.no,
          s.comment,
        ]),
      )
      .join(""),
);

/** A partner's export: the signers its code brought who consented to it, nothing else about them. */
export const consentingSignerCsvPage = pageFormat(
  import.meta.url,
  "consentingSignerCsvPage",
  (labels: Pick<CsvLabels, "header" | "status">) => (rows: ReferredSigner[]) =>
    rows
      .map((s) =>
        csvRow([s.name, s.email, s.postalCode, labels.status[s.status], s.createdAt, s.confirmedAt]),
      )
      .join(""),
);
