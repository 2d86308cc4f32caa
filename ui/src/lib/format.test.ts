import { describe, expect, it } from "vitest";
import { dateToInput, formatDate, formatDateTime, hoursText, thisMonth, kmText, kroner, parseDate, parseTags, percent } from "./format";

describe("parseDate", () => {
  it("reads Danish day-month-year with -, . or /", () => {
    expect(parseDate("31-12-2026")).toBe("2026-12-31");
    expect(parseDate("1.2.2027")).toBe("2027-02-01");
    expect(parseDate(" 05/06/2026 ")).toBe("2026-06-05");
  });
  it("keeps ISO dates and treats blank as no date", () => {
    expect(parseDate("2026-12-31")).toBe("2026-12-31");
    expect(parseDate("   ")).toBeNull();
  });
  it("passes impossible dates through for the backend to reject on the field", () => {
    expect(parseDate("31-02-2026")).toBe("31-02-2026");
    expect(parseDate("i morgen")).toBe("i morgen");
  });
});

describe("formatting", () => {
  it("shows dates the Danish way", () => {
    expect(dateToInput("2026-12-31")).toBe("31-12-2026");
    expect(dateToInput(null)).toBe("");
    expect(formatDate("2026-12-31", "da-DK")).toBe("31. dec. 2026");
    expect(formatDate(null, "da-DK")).toBe("");
  });
  it("shows moments in local time", () => {
    expect(formatDateTime("2026-11-26T13:05:00Z", "da-DK", "Europe/Copenhagen")).toBe("26. nov. 2026 14.05");
    expect(formatDateTime("not a date", "da-DK")).toBe("not a date");
  });
  it("splits tags on commas and drops empty ones", () => {
    expect(parseTags(" pjece, ,pårørende ,")).toEqual(["pjece", "pårørende"]);
  });
});

describe("percent", () => {
  it("rounds a share to a whole percent, and shows none without one", () => {
    expect(percent(3 / 7, "—")).toBe("43 %");
    expect(percent(0, "—")).toBe("0 %");
    expect(percent(null, "—")).toBe("—");
  });
});

describe("kroner", () => {
  it("prints øre as Danish kroner with thousands points", () => {
    expect(kroner(0)).toBe("0,00");
    expect(kroner(5)).toBe("0,05");
    expect(kroner(123_450)).toBe("1.234,50");
    expect(kroner(123_456_789)).toBe("1.234.567,89");
    expect(kroner(-2_843)).toBe("-28,43");
  });
  it("prints tenths of a kilometre", () => {
    expect(kmText(375)).toBe("37,5");
    expect(kmText(120)).toBe("12");
  });
});

describe("hoursText", () => {
  it("reads minutes as hours as the Rust side does", () => {
    expect(hoursText(90)).toBe("1,5");
    expect(hoursText(45)).toBe("0,75");
    expect(hoursText(80)).toBe("1,33");
    expect(hoursText(120)).toBe("2");
    expect(hoursText(0)).toBe("0");
  });
});

describe("thisMonth", () => {
  it("runs from the first to the last day of the month", () => {
    expect(thisMonth(new Date(2026, 1, 14))).toEqual({ from: "01-02-2026", to: "28-02-2026" });
    expect(thisMonth(new Date(2028, 1, 1))).toEqual({ from: "01-02-2028", to: "29-02-2028" });
    expect(thisMonth(new Date(2026, 11, 31))).toEqual({ from: "01-12-2026", to: "31-12-2026" });
  });
});
