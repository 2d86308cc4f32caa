/** Screens, addressed by the hash part of the URL so the back key works. */
export type Route =
  | { screen: "projects" }
  | { screen: "project-new" }
  | { screen: "project"; id: string }
  | { screen: "project-edit"; id: string }
  | { screen: "settings"; section?: "backups" }
  | { screen: "board" }
  | { screen: "meeting"; id: string }
  | { screen: "feedback-entry"; id: string }
  | { screen: "compiled"; id: string }
  | { screen: "inputs" }
  | { screen: "overview" }
  | { screen: "report"; id: string }
  | { screen: "gripp2"; id: string }
  | { screen: "year-report"; year: number }
  | { screen: "payouts" }
  | { screen: "hours" }
  | { screen: "materials"; due?: boolean }
  | { screen: "material"; id: string };

const ID = "[0-9a-fA-F-]{36}";

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  let m: RegExpExecArray | null;
  if (path === "/projekter/ny") return { screen: "project-new" };
  if ((m = new RegExp(`^/projekter/(${ID})/rediger$`).exec(path))) return { screen: "project-edit", id: m[1]! };
  if ((m = new RegExp(`^/projekter/(${ID})$`).exec(path))) return { screen: "project", id: m[1]! };
  if (path === "/indstillinger") return { screen: "settings" };
  if (path === "/indstillinger/sikkerhedskopier") return { screen: "settings", section: "backups" };
  if (path === "/peer-board") return { screen: "board" };
  if (path === "/input") return { screen: "inputs" };
  if (path === "/honorarer") return { screen: "payouts" };
  if (path === "/timer") return { screen: "hours" };
  if (path === "/materialer") return { screen: "materials" };
  if (path === "/materialer/til-gennemgang") return { screen: "materials", due: true };
  if ((m = new RegExp(`^/materialer/(${ID})$`).exec(path))) return { screen: "material", id: m[1]! };
  if (path === "/oversigt") return { screen: "overview" };
  if ((m = new RegExp(`^/projekter/(${ID})/rapport$`).exec(path))) return { screen: "report", id: m[1]! };
  if ((m = new RegExp(`^/projekter/(${ID})/gripp2$`).exec(path))) return { screen: "gripp2", id: m[1]! };
  if ((m = /^\/aarsrapport\/(\d{4})$/.exec(path))) return { screen: "year-report", year: Number(m[1]) };
  if (path === "/projekter") return { screen: "projects" };
  if ((m = new RegExp(`^/moeder/(${ID})$`).exec(path))) return { screen: "meeting", id: m[1]! };
  if ((m = new RegExp(`^/sparring/(${ID})/feedback$`).exec(path))) return { screen: "feedback-entry", id: m[1]! };
  if ((m = new RegExp(`^/sparring/(${ID})/samlet$`).exec(path))) return { screen: "compiled", id: m[1]! };
  // The manager's overview is the first screen.
  return { screen: "overview" };
}

export function href(route: Route): string {
  switch (route.screen) {
    case "projects":
      return "#/projekter";
    case "project-new":
      return "#/projekter/ny";
    case "project":
      return `#/projekter/${route.id}`;
    case "project-edit":
      return `#/projekter/${route.id}/rediger`;
    case "settings":
      return route.section === "backups" ? "#/indstillinger/sikkerhedskopier" : "#/indstillinger";
    case "board":
      return "#/peer-board";
    case "meeting":
      return `#/moeder/${route.id}`;
    case "feedback-entry":
      return `#/sparring/${route.id}/feedback`;
    case "compiled":
      return `#/sparring/${route.id}/samlet`;
    case "inputs":
      return "#/input";
    case "overview":
      return "#/oversigt";
    case "report":
      return `#/projekter/${route.id}/rapport`;
    case "gripp2":
      return `#/projekter/${route.id}/gripp2`;
    case "year-report":
      return `#/aarsrapport/${route.year}`;
    case "payouts":
      return "#/honorarer";
    case "hours":
      return "#/timer";
    case "materials":
      return route.due ? "#/materialer/til-gennemgang" : "#/materialer";
    case "material":
      return `#/materialer/${route.id}`;
  }
}
