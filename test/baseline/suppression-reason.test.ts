import { isRealWord, reasonProblem } from "../../lib/baseline/suppression-reason";

describe("suppression reasons", () => {
  it.each([
    "Dev cluster without an SLA; it holds no production data",
    "Sandbox subscription without production data, approved by the platform team",
    "Früher Test-Cluster ohne Daten, wird täglich gelöscht",
  ])("accepts %s", (reason) => {
    expect(reasonProblem(reason)).toBeUndefined();
  });
  it.each([
    ["", "it has 0 characters"],
    ["xxxxx xxxxx xxxxx xxxxx", "0 distinct real word(s)"],
    ["aaaa eeee iiii oooo uuuu", "0 distinct real word(s)"],
    ["accepted accepted accepted accepted", "1 distinct real word(s)"],
    ["ok ok ok ok ok ok ok ok ok ok", "1 distinct real word(s)"],
    ["TODO: fix later 12345678", "3 distinct real word(s)"],
  ])("refuses %j (%s)", (reason, problem) => {
    expect(reasonProblem(reason)).toContain(problem);
  });
  it("counts words with letters, a vowel and two different letters", () => {
    expect(["SLA", "dev", "Büro", "it's"].map(isRealWord)).toEqual([true, true, true, true]);
    expect(["xx", "a", "qwrtz", "1234", "a1b2c3d4", "--"].map(isRealWord)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
