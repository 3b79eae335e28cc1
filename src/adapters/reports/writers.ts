/**
 * The document writers by format: Word (docx) and Excel (exceljs). Each library is loaded at the first document of
 * its format: together they cost about a second of CPU, at every start of the service and of every command that
 * never exports (tests/unit/report-writers.test.ts checks these entries against the writers themselves).
 */
import type { ExportDeps, ExportFormat, ReportWriter } from '../../app/export-report.js';

/** The Office Open XML media types. */
const MIME: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The writers themselves, loaded on demand. */
export const WRITER_MODULES: Record<ExportFormat, () => Promise<ReportWriter>> = {
  docx: async () => (await import('./docx-writer.js')).docxWriter,
  xlsx: async () => (await import('./xlsx-writer.js')).xlsxWriter,
};

const onDemand = (format: ExportFormat): ReportWriter => ({
  format,
  mime: MIME[format],
  write: async (doc) => (await WRITER_MODULES[format]()).write(doc),
});

export const REPORT_WRITERS: ExportDeps['writers'] = { docx: onDemand('docx'), xlsx: onDemand('xlsx') };
