#ifndef CCMARKGFM_SHIM_H
#define CCMARKGFM_SHIM_H
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

/* The node types the GFM extensions register at run time. libcmark-gfm-extensions exports them but
   installs no header that declares them (upstream keeps them in extensions/table.h and
   strikethrough.h), so they are declared here, and read through functions: Swift 6 refuses a
   mutable C global as not concurrency-safe. Valid after cmark_gfm_core_extensions_ensure_registered(). */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL, CMARK_NODE_STRIKETHROUGH;

static inline cmark_node_type ccmark_node_table(void) { return CMARK_NODE_TABLE; }
static inline cmark_node_type ccmark_node_table_row(void) { return CMARK_NODE_TABLE_ROW; }
static inline cmark_node_type ccmark_node_table_cell(void) { return CMARK_NODE_TABLE_CELL; }
static inline cmark_node_type ccmark_node_strikethrough(void) { return CMARK_NODE_STRIKETHROUGH; }

#endif
