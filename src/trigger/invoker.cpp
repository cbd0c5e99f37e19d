// Names of invocation outcomes (for logs). See invoker.h.
#include "trigger/invoker.h"

namespace sb::trigger {

const char* InvokeOutcomeKindName(InvokeOutcome::Kind kind) {
  switch (kind) {
    case InvokeOutcome::Kind::kOk:
      return "ok";
    case InvokeOutcome::Kind::kFunctionError:
      return "function error";
    case InvokeOutcome::Kind::kTimeout:
      return "timeout";
    case InvokeOutcome::Kind::kCrashed:
      return "crashed";
    case InvokeOutcome::Kind::kInitError:
      return "init error";
    case InvokeOutcome::Kind::kNotInvoked:
      return "not invoked";
  }
  return "unknown";
}

}  // namespace sb::trigger
