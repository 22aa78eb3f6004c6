// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Building scenario vector files (vectors/schema/scenario_test_schema.json,
// docs/conformance.md "Scenario files"): steps with their expectations and
// captures, and one scenario test in a TestList. Shared by every stateful
// suite's generator (registration, delivery).
#pragma once

#include <string>
#include <vector>

#include "generate.h"

namespace imref::vectorgen {

// Step builds one scenario step: an op, its request, what to expect, what
// to capture from the response.
class Step {
 public:
  explicit Step(std::string op, Json request = Json::object()) {
    j_["op"] = std::move(op);
    if (!request.empty()) j_["request"] = std::move(request);
  }
  Step& error(std::string code) { return set("error", std::move(code)); }
  Step& field(const std::string& path, Json value) { return add("fields", path, std::move(value)); }
  Step& count(const std::string& path, size_t n) { return add("count", path, n); }
  Step& keys(const std::string& path, std::vector<std::string> names) {
    return add("keys", path, std::move(names));
  }
  Step& hex(const std::string& path, size_t bytes) { return add("hex", path, bytes); }
  Step& capture(const std::string& name, const std::string& path) {
    j_["capture"][name] = path;
    return *this;
  }
  operator Json() const { return j_; }  // NOLINT: steps read as Json in lists

 private:
  Step& set(const char* key, Json value) {
    j_["expect"][key] = std::move(value);
    return *this;
  }
  Step& add(const char* kind, const std::string& path, Json value) {
    j_["expect"][kind][path] = std::move(value);
    return *this;
  }
  Json j_;
};

using Steps = std::vector<Json>;

// scenario_file wraps one group of scenario tests in the file header every
// scenario file shares: |summary|, then how steps refer to captures.
inline Json scenario_file(const std::string& algorithm, const std::string& group_type,
                          const std::string& summary, const Json& notes, Json tests) {
  Json group;
  group["type"] = group_type;
  group["tests"] = std::move(tests);
  return envelope(algorithm, "scenario_test_schema.json",
                  {summary,
                   "Each test is a script of shim requests run after `reset`; strings \"$name\" "
                   "and \"$name.path\" refer to what an earlier step captured "
                   "(docs/conformance.md)."},
                  notes, Json::array({group}));
}

inline Steps operator+(Steps a, const Steps& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Steps every world needs: an account, a device on it (its response captured
// as $name), an address verified through the mailed token.
inline Step account(const std::string& name) {
  return Step("account.create", {{"account", name}});
}

// device registers |name| on |acct| and captures its response (push_token,
// identity, encryption_public) as $name.
inline Step device(const std::string& name, const std::string& acct) {
  return std::move(Step("device.add", {{"device", name}, {"account", acct}}).capture(name, ""));
}

// verify_email adds |email| to |acct|, reads the mailed token and confirms it.
inline Steps verify_email(const std::string& acct, const std::string& email) {
  return {Step("email.add", {{"account", acct}, {"email", email}}),
          Step("email.read", {{"email", email}}).count("tokens", 1).capture("token", "tokens.0"),
          Step("email.confirm", {{"account", acct}, {"token", "$token"}})};
}

// Sending and receiving (the delivery ops) for every suite whose devices
// send messages.
// send from |dev| as |from| to |to|; the response is captured as $|name|.
inline Step send(const std::string& name, const std::string& dev, const std::string& from,
                 std::vector<std::string> to, const std::string& text,
                 Json extra = Json::object()) {
  Json r = {{"device", dev}, {"from", from}, {"to", std::move(to)}, {"text", text}};
  for (auto& [k, v] : extra.items()) r[k] = v;
  return std::move(Step("send", std::move(r)).capture(name, ""));
}

inline Step receive(const std::string& dev) {
  return Step("receive", {{"device", dev}});
}
// shown_once expects exactly message $|m| from |sender| with |text|, shown.
inline Step shown_once(Step step, const std::string& m, const std::string& sender,
                       const std::string& text) {
  return std::move(step.count("shown", 1)
                       .count("failures", 0)
                       .field("duplicates", 0)
                       .field("shown.0.uuid", "$" + m + ".uuid")
                       .field("shown.0.sender", sender)
                       .field("shown.0.text", text));
}
inline Step nothing(Step step) {
  return std::move(step.count("shown", 0).count("failures", 0).field("duplicates", 0));
}
// add_scenario appends the test |name| to |list|: valid when |error| is
// empty, else invalid with that error.
inline void add_scenario(TestList& list, const std::string& name, const std::string& comment,
                         std::vector<std::string> flags, std::vector<std::string> reqs,
                         const Steps& steps, const std::string& error = {}) {
  Json& t =
      list.add(comment, std::move(flags), std::move(reqs), error.empty() ? "valid" : "invalid");
  t["name"] = name;
  if (!error.empty()) t["error"] = error;
  t["steps"] = steps;
}

}  // namespace imref::vectorgen
