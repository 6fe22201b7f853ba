#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// Wide-character ncurses. Function-like macros, macro constants and global variables are
// wrapped in cnc_-prefixed static inline functions so Swift can use them.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <stdio.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>

// wcwidth is declared by <wchar.h> only under _XOPEN_SOURCE; declare it for the shim.
extern int wcwidth(wchar_t);
/// The C library's width of a character, which is what ncurses uses to lay out cells.
static inline int cnc_wcwidth(wchar_t c) { return wcwidth(c); }

static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline WINDOW *cnc_curscr(void) { return curscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t cnc_wa_normal(void) { return WA_NORMAL; }
static inline attr_t cnc_wa_bold(void) { return WA_BOLD; }
static inline attr_t cnc_wa_dim(void) { return WA_DIM; }
static inline attr_t cnc_wa_italic(void) { return WA_ITALIC; }
static inline attr_t cnc_wa_underline(void) { return WA_UNDERLINE; }
static inline attr_t cnc_wa_reverse(void) { return WA_REVERSE; }

/// A screen on the process's stdout/stdin; NULL (instead of exiting, as initscr does) on failure.
static inline SCREEN *cnc_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

/// setcchar with an extended (int) colour pair, so pairs past 255 do not wrap.
static inline int cnc_setcchar(cchar_t *cell, const wchar_t *text, attr_t attrs, int pair) {
#if NCURSES_EXT_COLORS
    return setcchar(cell, text, attrs, 0, &pair);
#else
    return setcchar(cell, text, attrs, (short)pair, NULL);
#endif
}

/// Whether terminfo says colours are direct RGB values (e.g. TERM=xterm-direct).
static inline int cnc_has_direct_color(void) { return tigetflag("RGB") > 0 || COLORS >= 0x1000000; }

/// Whether the current locale's character set is UTF-8.
static inline int cnc_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/// The terminal size from the kernel (after SIGWINCH); returns -1 when fd is not a terminal.
static inline int cnc_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

#endif
