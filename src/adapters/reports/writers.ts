/** The document writers by format: Word (docx) and Excel (exceljs). */
import type { ExportDeps } from '../../app/export-report.js';
import { docxWriter } from './docx-writer.js';
import { xlsxWriter } from './xlsx-writer.js';

export const REPORT_WRITERS: ExportDeps['writers'] = { docx: docxWriter, xlsx: xlsxWriter };
