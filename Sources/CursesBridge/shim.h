#ifndef APPROVAL_TUI_CURSES_SHIM_H
#define APPROVAL_TUI_CURSES_SHIM_H

/* SwiftPM drops pkg-config -D flags, so ask for the wide-character API here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <curses.h>
#include <term.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <langinfo.h>
#include <stdlib.h>

/* Macros and globals are not importable into Swift; these inline functions expose them. */
static inline WINDOW *cb_stdscr(void) { return stdscr; }
static inline int cb_lines(void) { return LINES; }
static inline int cb_cols(void) { return COLS; }
static inline int cb_colors(void) { return COLORS; }
static inline int cb_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cb_a_normal(void) { return A_NORMAL; }
static inline attr_t cb_a_bold(void) { return A_BOLD; }
static inline attr_t cb_a_dim(void) { return A_DIM; }
static inline attr_t cb_a_reverse(void) { return A_REVERSE; }
static inline attr_t cb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cb_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline int cb_key_resize(void) { return KEY_RESIZE; }
static inline int cb_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cb_err(void) { return ERR; }

/* Writes one grapheme (up to CCHARW_MAX wide characters: a base and its combining marks). */
static inline int cb_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) == ERR) { return ERR; }
    return mvadd_wch(y, x, &cell);
}

/* Writes a run of `n` printable ASCII characters from (y, x) in one style: one call for a stretch of cells. */
static inline int cb_put_run(int y, int x, const wchar_t *chars, int n, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddnwstr(y, x, chars, n);
}

/* Reads one key: returns OK / KEY_CODE_YES / ERR, and the code in *out. */
static inline int cb_get_wch(wint_t *out) { return get_wch(out); }

/* terminfo lookups for `doctor`; names are short capability names ("colors", "cols"). */
static inline int cb_tigetnum(const char *name) { return tigetnum((char *)name); }
static inline int cb_tigetflag(const char *name) { return tigetflag((char *)name); }
static inline const char *cb_tigetstr(const char *name) {
    char *s = tigetstr((char *)name);
    if (s == (char *)-1 || s == NULL) { return NULL; }
    return s;
}

/* The size the kernel reports for a file descriptor, or 0 when it is not a terminal. */
static inline int cb_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) { return -1; }
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

/* The character set of the current LC_CTYPE ("UTF-8", "ANSI_X3.4-1968", ...). */
static inline const char *cb_codeset(void) { return nl_langinfo(CODESET); }

/* Loads the terminfo entry for `term` without touching the screen; 0 on success. */
static inline int cb_setupterm(const char *term, int fd) {
    int status = 0;
    if (setupterm((char *)term, fd, &status) != OK) { return status == 0 ? -2 : -1; }
    return 0;
}

/* newterm on the process's standard streams (the globals stdin/stdout are not importable safely). */
static inline SCREEN *cb_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

/* Writes raw bytes to standard output and flushes (terminal escapes built by the program). */
static inline void cb_write_stdout(const char *text) { fputs(text, stdout); fflush(stdout); }

#endif
