// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// The bounds of the runner against a process (REQ-CHECK-9): a response line
// of exactly the bound is read, one byte more is not; an implementation that
// does not restart is given up after kMaxStartFailures tries, and then costs
// nothing more. And case levels (REQ-CHECK-11).
#include <gtest/gtest.h>

#include "case.h"
#include "iut.h"

namespace imref::check {
namespace {

// The runner execs its command: a loop needs its own shell.
// line_of prints a line of |n| bytes of 'x' for every line it reads.
std::string line_of(size_t n) {
  return "sh -c 'while read l; do head -c " + std::to_string(n) +
         " /dev/zero | tr \"\\0\" x; echo; done'";
}

TEST(RunnerBounds, LineOfExactlyTheBoundIsRead) {
  ProcessIut iut(line_of(1024), 10, 1024);
  ASSERT_TRUE(iut.start().ok());
  Reply r = iut.call({{"op", "hello"}});
  // Read whole, then found not to be JSON.
  EXPECT_NE(r.problem.find("garbled response line"), std::string::npos) << r.problem;
}

TEST(RunnerBounds, LineOverTheBoundFailsTheRequest) {
  ProcessIut iut(line_of(1025), 10, 1024);
  ASSERT_TRUE(iut.start().ok());
  Reply r = iut.call({{"op", "hello"}});
  EXPECT_EQ(r.problem, "response over 1024 bytes");
  EXPECT_EQ(iut.given_up(), "");  // the next call restarts it
}

TEST(RunnerBounds, EndlessLineFailsTheRequest) {
  ProcessIut iut("yes | tr -d '\\n'", 10, 1 << 20);
  ASSERT_TRUE(iut.start().ok());
  EXPECT_EQ(iut.call({{"op", "hello"}}).problem, "response over 1048576 bytes");
}

TEST(RunnerBounds, ImplementationThatCannotRestartIsGivenUp) {
  ProcessIut iut("sh -c 'exit 3'", 10);
  ASSERT_TRUE(iut.start().ok());
  EXPECT_EQ(iut.call({{"op", "hello"}}).problem, "implementation exited (status 3)");
  for (int i = 1; i <= kMaxStartFailures; ++i) {
    EXPECT_EQ(iut.given_up(), "") << i;
    EXPECT_EQ(iut.call({{"op", "hello"}}).problem,
              "restart failed: no answer to hello: implementation exited (status 3)");
  }
  const std::string why = iut.given_up();
  EXPECT_EQ(why,
            "the implementation did not start 3 times in a row (last: no answer to hello: "
            "implementation exited (status 3))");
  EXPECT_EQ(iut.call({{"op", "hello"}}).problem, why);
}

TEST(RunnerBounds, CrashOnEveryRequestAfterHelloIsNotAStartFailure) {
  // Answers its first request (hello, after every restart), then exits: each
  // request fails, but each restart got an answer, so it is never given up.
  ProcessIut iut(
      "python3 -c 'import json, sys; r = json.loads(sys.stdin.readline()); "
      "print(json.dumps({\"id\": r[\"id\"], \"ok\": True}), flush=True)'",
      10);
  ASSERT_TRUE(iut.start().ok());
  EXPECT_EQ(iut.call({{"op", "hello"}}).problem, "");
  for (int i = 0; i < 2 * kMaxStartFailures; ++i)
    EXPECT_EQ(iut.call({{"op", "identity.decode"}}).problem, "implementation exited (status 0)");
  EXPECT_EQ(iut.given_up(), "");
}

TEST(CaseLevels, HighestRequirementAndLowestRule) {
  EXPECT_EQ(requirement_level("REQ-PAIR-3"), Level::wire);     // [wire]
  EXPECT_EQ(requirement_level("REQ-PAIR-1"), Level::guide);    // [guide]
  EXPECT_EQ(requirement_level("REQ-CRYPTO-5"), Level::guide);  // [paper]
  EXPECT_EQ(requirement_level("REQ-PAIR-6"), Level::strict);   // [choice]
  EXPECT_EQ(requirement_level(std::string("REQ-") + "UNKNOWN-1"), Level::strict);
  Case c;
  EXPECT_EQ(case_level(c, Level::wire), Level::strict);  // names none
  c.requirements = {"REQ-PAIR-3", "REQ-PAIR-1"};
  EXPECT_EQ(case_level(c, Level::strict), Level::guide);
  c.requirements = {"REQ-PAIR-6", "REQ-PAIR-19"};
  c.any_of = {{"too_large", "REQ-PAIR-6"}, {"invalid_argument", "REQ-PAIR-1"}};
  EXPECT_EQ(case_level(c, Level::strict), Level::strict);
  EXPECT_EQ(case_level(c, Level::guide), Level::guide);
  EXPECT_EQ(case_level(c, Level::wire), Level::guide);
}

}  // namespace
}  // namespace imref::check
