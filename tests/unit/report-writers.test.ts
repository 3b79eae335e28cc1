/** The writers the service and the CLI use load docx/exceljs on demand; they stand for the writers themselves. */
import { describe, expect, it } from 'vitest';
import { REPORT_WRITERS, WRITER_MODULES } from '../../src/adapters/reports/writers.js';
import { EXPORT_FORMATS } from '../../src/app/export-report.js';

describe('the report writers, loaded on demand', () => {
  it.each(EXPORT_FORMATS)('%s: the same format and media type as the writer it loads', async (format) => {
    const real = await WRITER_MODULES[format]();
    expect({ format: REPORT_WRITERS[format].format, mime: REPORT_WRITERS[format].mime }).toEqual({
      format: real.format,
      mime: real.mime,
    });
  });
});
