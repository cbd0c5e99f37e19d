// The live page served at GET / by WebServer: one HTML document with its style and script
// inline, no external resources (no CDN, no web fonts): web/page_html.h (markup),
// web/page_style.h (style), web/page_script.h (behaviour: boards from /api/events with
// movement marks, the live log and health from /api/activity, windows and search over the
// read API). Built once; thread-safe.
#pragma once

#include <string>

#include "web/page_html.h"
#include "web/page_script.h"
#include "web/page_style.h"

namespace sb::web {

inline const std::string& PageHtml() {
  static const std::string page = std::string(kPageHead) + "<style>" + kPageStyle +
                                  "</style>\n</head>\n" + kPageBody + "<script>" + kPageScript +
                                  "</script>" + kPageTail;
  return page;
}

}  // namespace sb::web
