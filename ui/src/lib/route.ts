/** Screens, addressed by the hash part of the URL so the back key works. */
export type Route =
  | { screen: "projects" }
  | { screen: "project-new" }
  | { screen: "project"; id: string }
  | { screen: "project-edit"; id: string }
  | { screen: "settings" };

const ID = "[0-9a-fA-F-]{36}";

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  let m: RegExpExecArray | null;
  if (path === "/projekter/ny") return { screen: "project-new" };
  if ((m = new RegExp(`^/projekter/(${ID})/rediger$`).exec(path))) return { screen: "project-edit", id: m[1]! };
  if ((m = new RegExp(`^/projekter/(${ID})$`).exec(path))) return { screen: "project", id: m[1]! };
  if (path === "/indstillinger") return { screen: "settings" };
  return { screen: "projects" };
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
      return "#/indstillinger";
  }
}
