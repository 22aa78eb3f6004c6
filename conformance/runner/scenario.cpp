// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "scenario.h"

#include <set>
#include <utility>

#include "vector_node.h"

namespace imref::check {

namespace {

// Step is one parsed scenario step (docs/conformance.md "Scenario files").
struct Step {
  std::string op;
  json request = json::object();                       // strings "$name[.path]" are references
  std::string error;                                   // expected error code; empty: must succeed
  std::vector<std::pair<std::string, json>> fields;    // path -> equal value
  std::vector<std::pair<std::string, size_t>> counts;  // path -> array length
  std::vector<std::pair<std::string, std::set<std::string>>> keys;  // path -> element keys
  std::vector<std::pair<std::string, size_t>> hex;                  // path -> bytes of hex
  std::vector<std::pair<std::string, std::string>> captures;        // name -> path
};

// at_path follows "a.b.0.c" (numbers index arrays) into |doc|; "" is |doc|
// itself; null if absent.
const json* at_path(const json& doc, const std::string& path) {
  const json* node = &doc;
  size_t start = 0;
  while (!path.empty()) {
    const size_t dot = path.find('.', start);
    const std::string part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (node->is_object()) {
      auto it = node->find(part);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array() && !part.empty() && part.size() < 10 &&
               part.find_first_not_of("0123456789") == std::string::npos) {
      const size_t index = std::stoul(part);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

bool is_reference(const json& v) {
  return v.is_string() && !v.get_ref<const std::string&>().empty() &&
         v.get_ref<const std::string&>()[0] == '$';
}

std::string reference_name(const std::string& ref) {
  const size_t dot = ref.find('.');
  return ref.substr(1, dot == std::string::npos ? std::string::npos : dot - 1);
}

// check_references fails |node| if a reference in it names nothing an
// earlier step captured.
void check_references(const VectorNode& node, const json& value,
                      const std::set<std::string>& captured) {
  if (is_reference(value)) {
    const std::string& ref = value.get_ref<const std::string&>();
    if (!captured.count(reference_name(ref)))
      node.fail("refers to " + ref + ", which no earlier step captures");
  } else if (value.is_object() || value.is_array()) {
    for (const auto& item : value) check_references(node, item, captured);
  }
}

// substitute replaces every reference in |value| with the captured value. A
// reference to nothing captured stays as it is; with |problem|, one whose
// path is absent in what was captured also sets it.
json substitute(const json& value, const json& vars, std::string* problem) {
  if (is_reference(value)) {
    const std::string& s = value.get_ref<const std::string&>();
    auto it = vars.find(reference_name(s));
    if (it == vars.end()) return value;
    const size_t dot = s.find('.');
    const json* found = dot == std::string::npos ? &*it : at_path(*it, s.substr(dot + 1));
    if (found) return *found;
    if (problem) *problem = "the captured value has nothing at " + s;
    return value;
  }
  if (value.is_object() || value.is_array()) {
    json out = value;
    for (auto& [key, v] : out.items()) v = substitute(v, vars, problem);
    return out;
  }
  return value;
}

size_t count_of(const VectorNode& n) {
  const int64_t v = n.integer();
  if (v < 0) n.fail("is negative");
  return static_cast<size_t>(v);
}

template <typename T, typename Read>
std::vector<std::pair<std::string, T>> read_map(const VectorNode& parent, const char* key,
                                                Read read) {
  std::vector<std::pair<std::string, T>> out;
  if (!parent.value().contains(key)) return out;
  const VectorNode map = parent[key];
  if (!map.value().is_object()) map.fail("is not an object");
  for (const auto& [path, v] : map.value().items()) out.emplace_back(path, read(map[path.c_str()]));
  return out;
}

Step read_step(const VectorNode& node, std::set<std::string>& captured) {
  static const std::set<std::string> kStepKeys = {"op", "request", "expect", "capture"};
  static const std::set<std::string> kExpectKeys = {"error", "fields", "count", "keys", "hex"};
  if (!node.value().is_object()) node.fail("is not an object");
  for (const auto& [k, v] : node.value().items())
    if (!kStepKeys.count(k)) node.fail("has an unknown member \"" + k + "\"");
  Step step;
  step.op = node["op"].string();
  if (node.value().contains("request")) {
    step.request = node["request"].value();
    if (!step.request.is_object()) node["request"].fail("is not an object");
    check_references(node["request"], step.request, captured);
  }
  if (node.value().contains("expect")) {
    const VectorNode expect = node["expect"];
    if (!expect.value().is_object()) expect.fail("is not an object");
    for (const auto& [k, v] : expect.value().items())
      if (!kExpectKeys.count(k)) expect.fail("has an unknown member \"" + k + "\"");
    if (expect.value().contains("error")) {
      step.error = expect["error"].string();
      if (expect.value().size() != 1) expect.fail("expects an error and more");
    }
    step.fields = read_map<json>(expect, "fields", [&](const VectorNode& n) {
      check_references(n, n.value(), captured);
      return n.value();
    });
    step.counts = read_map<size_t>(expect, "count", count_of);
    step.keys = read_map<std::set<std::string>>(expect, "keys", [](const VectorNode& n) {
      std::set<std::string> names;
      for (const VectorNode& e : n.elements()) names.insert(e.string());
      return names;
    });
    step.hex = read_map<size_t>(expect, "hex", count_of);
  }
  step.captures =
      read_map<std::string>(node, "capture", [](const VectorNode& n) { return n.string(); });
  if (!step.error.empty() && !step.captures.empty())
    node.fail("captures from a step that must fail");
  for (const auto& [name, path] : step.captures) {
    if (name.empty() || name.find('.') != std::string::npos)
      node["capture"].fail("has a name that is empty or holds a dot: \"" + name + "\"");
    captured.insert(name);
  }
  return step;
}

std::string show(const json* value) {
  return value ? value->dump() : "(absent)";
}

bool is_hex_of(const json* value, size_t bytes) {
  if (!value || !value->is_string()) return false;
  const auto& s = value->get_ref<const std::string&>();
  return s.size() == 2 * bytes && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// check_success compares a successful response with the step's fields,
// counts, keys and hex expectations.
Outcome check_success(const json& response, const Step& step, const json& vars) {
  for (const auto& [path, raw] : step.fields) {
    std::string problem;
    const json want = substitute(raw, vars, &problem);
    if (!problem.empty()) return Outcome::failed(problem);
    const json* got = at_path(response, path);
    if (!got || *got != want) return Outcome::failed("wrong " + path, want.dump(), show(got));
  }
  for (const auto& [path, n] : step.counts) {
    const json* got = at_path(response, path);
    if (!got || !got->is_array() || got->size() != n)
      return Outcome::failed("wrong number of " + path, std::to_string(n) + " entries", show(got));
  }
  for (const auto& [path, want] : step.keys) {
    const json* got = at_path(response, path);
    if (!got || !got->is_array()) return Outcome::failed("no list at " + path, "a list", show(got));
    for (const auto& element : *got) {
      std::set<std::string> have;
      if (element.is_object())
        for (const auto& [k, v] : element.items()) have.insert(k);
      if (have != want)
        return Outcome::failed("entries of " + path + " carry other fields", json(want).dump(),
                               element.dump());
    }
  }
  for (const auto& [path, n] : step.hex) {
    const json* got = at_path(response, path);
    if (!is_hex_of(got, n))
      return Outcome::failed("wrong " + path, "lowercase hex of " + std::to_string(n) + " bytes",
                             show(got));
  }
  return Outcome::passed();
}

Outcome at_step(Outcome o, size_t index, const std::string& op) {
  o.reason = "step " + std::to_string(index) + " (" + op + "): " + o.reason;
  return o;
}

Outcome run_steps(Session& session, const std::vector<Step>& steps) {
  Reply reset = session.call("reset");
  if (!is_success(reset)) return Outcome::failed("reset failed", "success", describe(reset));
  json vars = json::object();
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    std::string problem;
    json request = substitute(step.request, vars, &problem);
    if (!problem.empty()) return at_step(Outcome::failed(problem), i + 1, step.op);
    Reply reply = session.call(step.op, std::move(request));
    Outcome outcome;
    if (!step.error.empty()) {
      outcome = expect_error(session, reply, step.error);
    } else if (!is_success(reply)) {
      outcome = Outcome::failed(reply.ok() ? "refused a step that must succeed" : reply.problem,
                                "success", describe(reply));
    } else {
      outcome = check_success(reply.response, step, vars);
    }
    if (outcome.status == Status::fail) return at_step(std::move(outcome), i + 1, step.op);
    for (const auto& [name, path] : step.captures) {
      const json* value = at_path(reply.response, path);
      if (!value)
        return at_step(Outcome::failed("response lacks " + path, "a value", reply.response.dump()),
                       i + 1, step.op);
      vars[name] = *value;
    }
  }
  return Outcome::passed();
}

}  // namespace

std::vector<Case> scenario_cases(const json& document, const std::string& file,
                                 const std::string& suite) {
  std::vector<Case> cases;
  const VectorNode root(document, file);
  for (const VectorNode& group : root["testGroups"].elements()) {
    for (const VectorNode& test : group["tests"].elements()) {
      const VectorTest vector_test = read_vector_test(test);  // tcId, result, error well-formed
      std::set<std::string> captured;
      std::vector<Step> steps;
      std::set<std::string> ops = {"reset"};
      for (const VectorNode& s : test["steps"].elements()) {
        steps.push_back(read_step(s, captured));
        ops.insert(steps.back().op);
      }
      Case c;
      c.id = suite + "/scenario/" + test["name"].string();
      c.suite = suite;
      c.ops.assign(ops.begin(), ops.end());
      c.run = [steps = std::move(steps)](Session& s) { return run_steps(s, steps); };
      cases.push_back(with_requirements(std::move(c), vector_test));
    }
  }
  return cases;
}

std::vector<Script> scenario_scripts(const json& document, const std::string& file) {
  std::vector<Script> scripts;
  const VectorNode root(document, file);
  for (const VectorNode& group : root["testGroups"].elements()) {
    for (const VectorNode& test : group["tests"].elements()) {
      Script script{test["name"].string()};
      std::set<std::string> captured;
      for (const VectorNode& s : test["steps"].elements()) {
        const Step step = read_step(s, captured);
        json out = {{"op", step.op}};
        if (!step.request.empty()) out["request"] = step.request;
        if (!step.captures.empty()) {
          for (const auto& [name, path] : step.captures) out["capture"][name] = path;
        }
        script.steps.push_back(std::move(out));
      }
      scripts.push_back(std::move(script));
    }
  }
  return scripts;
}

json resolve_references(const json& value, const json& captured) {
  return substitute(value, captured, nullptr);
}

void capture_from(const json& step, const json& response, json& captured) {
  auto it = step.find("capture");
  if (it == step.end() || !it->is_object()) return;
  for (const auto& [name, path] : it->items()) {
    if (!path.is_string()) continue;
    if (const json* value = at_path(response, path.get<std::string>())) captured[name] = *value;
  }
}

Result<std::vector<Case>> load_scenario_suite(const SuiteContext& ctx, const std::string& file,
                                              const std::string& suite) {
  IMREF_TRY(const json document, load_vector_file(ctx, file));
  return build_cases([&]() -> Result<std::vector<Case>> {
    return scenario_cases(document, ctx.vectors_dir + "/" + file, suite);
  });
}

}  // namespace imref::check
