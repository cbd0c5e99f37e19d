// Stage 2 and 3 for updates: static checks (overlap, operand types) and application.
#include "engine/expr/apply.h"

#include <gtest/gtest.h>

#include "engine/expr/expr.h"
#include "expr_test_util.h"

namespace sb::engine::expr {
namespace {

using namespace testing;  // NOLINT

AttributeMap Values() {
  return AttributeMap{
      {":one", N("1")},
      {":two", N("2")},
      {":s", S("x")},
      {":l", L({S("p"), S("q")})},
      {":l0", L({})},
      {":ss", SS({"b", "c"})},
      {":ss2", SS({"a"})},
      {":ns", NS({"1", "3"})},
      {":bs", BS({"\x01"})},
      {":m", M({{"k", N("1")}})},
      {":big", N("9.9999999999999999999999999999999999999E+125")},
      {":t", Bool(true)},
  };
}

Item Base() {
  return MakeItem({
      {"pk", S("key")},
      {"n", N("5")},
      {"s", S("str")},
      {"l", L({N("0"), N("1"), N("2"), N("3")})},
      {"m", M({{"a", M({{"b", L({N("0"), M({{"c", N("1")}})})}})}, {"x", N("9")}})},
      {"ss", SS({"a", "b"})},
      {"ns", NS({"1", "2"})},
  });
}

// Parses and applies; returns the new item or the error message.
struct Outcome {
  bool ok = false;
  Item item;
  std::string message;
};
Outcome RunUpdate(std::string_view text, const Item& item = Base()) {
  AttributeMap values = Values();
  Placeholders ph(nullptr, &values);
  auto u = ParseUpdate(text, ph);
  if (!u.ok()) return {false, {}, u.error().message};
  auto r = Apply(**u, item, {"pk"});
  if (!r.ok()) return {false, {}, r.error().message};
  return {true, std::move(r).value(), ""};
}
Item Ok(std::string_view text, const Item& item = Base()) {
  Outcome o = RunUpdate(text, item);
  EXPECT_TRUE(o.ok) << text << ": " << o.message;
  return o.item;
}
std::string Err(std::string_view text, const Item& item = Base()) {
  Outcome o = RunUpdate(text, item);
  EXPECT_FALSE(o.ok) << text;
  return o.message;
}

TEST(ApplyTest, SetTopLevelAndNested) {
  Item out = Ok("SET a = :one, m.a.b[1].c = :two, m.y = :s");
  EXPECT_EQ(out.at("a"), N("1"));
  EXPECT_EQ(out.at("m").m().at("a").m().at("b").l()[1].m().at("c"), N("2"));
  EXPECT_EQ(out.at("m").m().at("y"), S("x"));
  EXPECT_EQ(out.at("m").m().at("x"), N("9"));
  EXPECT_EQ(out.at("pk"), S("key"));
}

TEST(ApplyTest, SetOnMissingItemCreatesAttributes) {
  Item out = Ok("SET a = :one, b = :m", Item{});
  EXPECT_EQ(out, MakeItem({{"a", N("1")}, {"b", M({{"k", N("1")}})}}));
}

TEST(ApplyTest, RightHandSidesSeeTheOldItem) {
  Item out = Ok("SET n = :one, dup = n, s = n");
  EXPECT_EQ(out.at("n"), N("1"));
  EXPECT_EQ(out.at("dup"), N("5"));
  EXPECT_EQ(out.at("s"), N("5"));
}

TEST(ApplyTest, Arithmetic) {
  EXPECT_EQ(Ok("SET n = n + :one").at("n"), N("6"));
  EXPECT_EQ(Ok("SET n = :one - n").at("n"), N("-4"));
  EXPECT_EQ(Ok("SET z = n + n").at("z"), N("10"));
  EXPECT_EQ(Err("SET n = s + :one"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Err("SET n = absent + :one"),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(Err("SET n = :big + :big"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
  EXPECT_EQ(Err("SET n = n + :s"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: +, operand type: S");
}

TEST(ApplyTest, IfNotExists) {
  EXPECT_EQ(Ok("SET n = if_not_exists(n, :one)").at("n"), N("5"));
  EXPECT_EQ(Ok("SET c = if_not_exists(c, :one)").at("c"), N("1"));
  EXPECT_EQ(Ok("SET c = if_not_exists(m.a.nope, :two)").at("c"), N("2"));
  EXPECT_EQ(Ok("SET c = if_not_exists(c, :one) + :two").at("c"), N("3"));
  EXPECT_EQ(Ok("SET n = if_not_exists(n, :one) + :two").at("n"), N("7"));
  EXPECT_EQ(Err("SET c = if_not_exists(c, absent)"),
            "The provided expression refers to an attribute that does not exist in the item");
}

TEST(ApplyTest, ListAppend) {
  EXPECT_EQ(Ok("SET l = list_append(l, :l)").at("l"),
            L({N("0"), N("1"), N("2"), N("3"), S("p"), S("q")}));
  EXPECT_EQ(Ok("SET l = list_append(:l, l)").at("l"),
            L({S("p"), S("q"), N("0"), N("1"), N("2"), N("3")}));
  EXPECT_EQ(Ok("SET c = list_append(if_not_exists(c, :l0), :l)").at("c"), L({S("p"), S("q")}));
  EXPECT_EQ(Err("SET l = list_append(n, :l)"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Err("SET l = list_append(absent, :l)"),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(Err("SET l = list_append(l, :s)"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: list_append, operand type: S");
}

TEST(ApplyTest, SetListIndexReplacesOrAppends) {
  EXPECT_EQ(Ok("SET l[1] = :s").at("l"), L({N("0"), S("x"), N("2"), N("3")}));
  EXPECT_EQ(Ok("SET l[100] = :s").at("l"), L({N("0"), N("1"), N("2"), N("3"), S("x")}));
  // Several appends land in index order, whatever the order of the actions.
  EXPECT_EQ(Ok("SET l[9] = :two, l[7] = :one").at("l"),
            L({N("0"), N("1"), N("2"), N("3"), N("1"), N("2")}));
  EXPECT_EQ(Ok("SET l[5] = :s, l[4] = :one").at("l"),
            L({N("0"), N("1"), N("2"), N("3"), N("1"), S("x")}));
}

TEST(ApplyTest, InvalidDocumentPaths) {
  const char* kInvalid =
      "The document path provided in the update expression is invalid for update";
  for (const char* text :
       {"SET absent.a = :one", "SET n.a = :one", "SET n[0] = :one", "SET m[0] = :one",
        "SET l.a = :one", "SET l[9].a = :one", "SET m.nope.a = :one", "REMOVE absent.a",
        "REMOVE s[0]", "ADD absent.a :one", "DELETE n.a :ss"}) {
    EXPECT_EQ(Err(text), kInvalid) << text;
  }
}

TEST(ApplyTest, Remove) {
  Item out = Ok("REMOVE n, m.x, m.a.b[1].c, absent, m.nope, l[10]");
  EXPECT_EQ(out.count("n"), 0u);
  EXPECT_EQ(out.at("m").m().count("x"), 0u);
  EXPECT_EQ(out.at("m").m().at("a").m().at("b").l()[1], M({}));
  EXPECT_EQ(out.at("l").l().size(), 4u);
}

TEST(ApplyTest, RemoveListElementsUsesOriginalIndexes) {
  EXPECT_EQ(Ok("REMOVE l[1], l[2]").at("l"), L({N("0"), N("3")}));
  EXPECT_EQ(Ok("REMOVE l[2], l[0]").at("l"), L({N("1"), N("3")}));
  EXPECT_EQ(Ok("REMOVE l[0], l[1], l[2], l[3]").at("l"), L({}));
  EXPECT_EQ(Ok("REMOVE m.a.b[0]").at("m").m().at("a").m().at("b").l(),
            (protocol::AttributeList{M({{"c", N("1")}})}));
  // SET on an original index and REMOVE of an earlier one in the same update.
  EXPECT_EQ(Ok("SET l[3] = :s REMOVE l[0]").at("l"), L({N("1"), N("2"), S("x")}));
}

TEST(ApplyTest, AddNumbersAndSets) {
  EXPECT_EQ(Ok("ADD n :two").at("n"), N("7"));
  EXPECT_EQ(Ok("ADD newn :two").at("newn"), N("2"));
  EXPECT_EQ(Ok("ADD ss :ss").at("ss"), SS({"a", "b", "c"}));
  EXPECT_EQ(Ok("ADD ns :ns").at("ns"), NS({"1", "2", "3"}));
  EXPECT_EQ(Ok("ADD newset :bs").at("newset"), BS({"\x01"}));
  EXPECT_EQ(Ok("ADD m.x :one").at("m").m().at("x"), N("10"));
  EXPECT_EQ(Err("ADD ss :ns"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Err("ADD s :one"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Err("ADD n :ss"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Err("ADD n :s"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; "
            "operator: ADD, operand type: STRING");
  EXPECT_EQ(Err("ADD n :l"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; "
            "operator: ADD, operand type: LIST");
}

TEST(ApplyTest, DeleteFromSets) {
  EXPECT_EQ(Ok("DELETE ss :ss").at("ss"), SS({"a"}));
  EXPECT_EQ(Ok("DELETE ns :ns").at("ns"), NS({"2"}));
  // Deleting every member removes the attribute: DynamoDB has no empty sets.
  EXPECT_EQ(Ok("DELETE ss :ss2, ns :ns").count("ns"), 1u);
  Item out = Ok("DELETE ss :ss2");
  EXPECT_EQ(out.at("ss"), SS({"b"}));
  Item emptied = Ok("DELETE ss :ss", Ok("DELETE ss :ss2"));
  EXPECT_EQ(emptied.count("ss"), 0u);
  EXPECT_EQ(Ok("DELETE absent :ss").count("absent"), 0u);
  EXPECT_EQ(Err("DELETE ss :ns"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Err("DELETE s :ss"), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Err("DELETE ss :one"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; "
            "operator: DELETE, operand type: NUMBER");
}

TEST(ApplyTest, OverlappingAndConflictingPaths) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"SET a = :one, a.b = :two",
       "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
       "rewrite one of these paths; path one: [a], path two: [a, b]"},
      {"SET a = :one REMOVE a",
       "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
       "rewrite one of these paths; path one: [a], path two: [a]"},
      {"REMOVE l[1], l[1]",
       "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
       "rewrite one of these paths; path one: [l, [1]], path two: [l, [1]]"},
      {"SET m.a.b = :one ADD m :ss",
       "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
       "rewrite one of these paths; path one: [m, a, b], path two: [m]"},
      {"SET a.b = :one, a[1] = :two",
       "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
       "rewrite one of these paths; path one: [a, b], path two: [a, [1]]"},
  };
  for (const Case& c : cases) EXPECT_EQ(Err(c.text), c.message) << c.text;
  // Siblings are fine.
  Ok("SET m.a.b[0] = :one, m.a.b[1].c = :two, m.x = :one REMOVE m.y");
}

TEST(ApplyTest, KeyAttributesCannotBeUpdated) {
  EXPECT_EQ(Err("SET pk = :s"), "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
  EXPECT_EQ(Err("REMOVE n, pk"), "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
  EXPECT_EQ(Err("ADD pk :one"), "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
}

TEST(ApplyTest, FailedUpdateLeavesInputUntouched) {
  Item before = Base();
  Item copy = before;
  EXPECT_FALSE(RunUpdate("SET a = :one, b = absent", before).ok);
  EXPECT_EQ(before, copy);
}

TEST(ApplyTest, UpdatedTopLevelNames) {
  AttributeMap values = Values();
  Placeholders ph(nullptr, &values);
  auto u = ParseUpdate("SET m.a = :one, n = :two REMOVE s, m.x ADD newn :one", ph);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(UpdatedTopLevelNames(**u), (std::vector<std::string>{"m", "n", "s", "newn"}));
}

}  // namespace
}  // namespace sb::engine::expr
