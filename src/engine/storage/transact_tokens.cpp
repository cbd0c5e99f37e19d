#include "engine/storage/transact_tokens.h"

#include "engine/storage/connection.h"

namespace sb::engine::storage {

Result<std::optional<std::string>> LookupTransactToken(WriteTxn& txn, std::string_view token,
                                                       int64_t expire_through_ms) {
  Connection& c = Connection::Of(txn);
  {
    SB_ASSIGN_OR_RETURN(Stmt del, c.Prepare("DELETE FROM transact_tokens WHERE at_ms <= ?1"));
    del.Bind(1, expire_through_ms);
    SB_TRY_STATUS(del.Run("expire"));
  }
  SB_ASSIGN_OR_RETURN(Stmt sel, c.Prepare("SELECT request FROM transact_tokens WHERE token = ?1"));
  sel.BindText(1, token);
  SB_ASSIGN_OR_RETURN(bool row, sel.Step("lookup"));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(std::string(sel.Text(0)));
}

Status RecordTransactToken(WriteTxn& txn, std::string_view token, std::string_view request,
                           int64_t at_ms) {
  SB_ASSIGN_OR_RETURN(Stmt ins, Connection::Of(txn).Prepare("INSERT INTO transact_tokens(token, "
                                                            "request, at_ms) VALUES (?1, ?2, ?3)"));
  ins.BindText(1, token).BindText(2, request).Bind(3, at_ms);
  return ins.Run("record");
}

}  // namespace sb::engine::storage
