// Why a TransactWriteItems / TransactGetItems was cancelled, as a client reads it from a
// TransactionCanceledException: one reason per action, in request order. DynamoDB sends them
// as the error's CancellationReasons member ([{"Code":"ConditionalCheckFailed","Message":
// "The conditional request failed"},{"Code":"None"},...]), which ApiError::FromResponse keeps
// (in extra_json), and also ends the message with the codes: "Transaction cancelled, please
// refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]". Pure;
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "protocol/dynamodb/api_error.h"

namespace sb::dynamo {

struct CancellationReason {
  std::string code;     // "None", "ConditionalCheckFailed", "TransactionConflict", ...
  std::string message;  // empty when the service sent none (e.g. for "None")
  friend bool operator==(const CancellationReason&, const CancellationReason&) = default;
};

// The CancellationReasons member of a TransactionCanceledException; when the body had none,
// the codes from its message (with empty messages). Empty for any other error.
std::vector<CancellationReason> CancellationReasons(const protocol::ApiError& error);

// The Code of each reason, in request order (CancellationReasons without the messages).
std::vector<std::string> CancellationReasonCodes(const protocol::ApiError& error);

}  // namespace sb::dynamo
