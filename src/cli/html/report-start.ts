/**
 * How every HTML report begins: the generator line is what marks a file as lockdemo's own
 * report, which a later `--html` to the same path may replace (output-paths.ts). Any other page
 * (a project's index.html) is refused, however it begins.
 */
export const HTML_REPORT_START = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="lockdemo">`;

/** How reports of lockdemo 0.1.0 began, before the generator line: they may be replaced too. */
export const OLDER_HTML_REPORT_START = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>lockdemo: `;
