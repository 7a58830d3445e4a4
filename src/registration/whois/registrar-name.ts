// A registrar field often carries more than the name: the registry's handle for
// the registrar ("Tucows Inc. (R11-LROR)" at old PIR/Afilias, Nominet's
// "[Tag = MARKMONITOR]", "Name - R151-LRMS"), an IANA id in brackets ("Registry
// Operator acts as Registrar (9999)") or a URL ("Megazone(http://HOSTING.KR)",
// nic.at "( https://nic.at/registrar/597 )"). They are split out here so the name
// compares across registries and the handle can still be followed.

export interface RegistrarParts {
  name: string;
  handle?: string;
  ianaId?: string;
  url?: string;
}

// A registry handle: letters and digits in dash-joined parts, at least one digit
// ("R11-LROR", "EURO-0001"); a bare number is an IANA id. "SFR" (in
// "Société Française du Radiotéléphone - SFR") is part of the name.
const DASHED = /^[a-z0-9]+(?:-[a-z0-9]+)+$/i;
const NUMBER = /^\d{1,6}$/;

/** A registry handle rather than a name: "EURO-0001", "R11-LROR"; not "SFR", not "Key-Systems". */
export function isHandle(token: string): boolean {
  return token.length <= 40 && /\d/.test(token) && DASHED.test(token);
}

export function splitRegistrar(value: string): RegistrarParts {
  let name = value.slice(0, 500);
  const out: Omit<RegistrarParts, "name"> = {};
  // "[Tag = X]" (Nominet); the body stops at the next bracket, so no bracket is rescanned
  name = name.replace(/\[\s*tag\s*=([^[\]]*)\]/gi, (_m, tag: string) => {
    out.handle ??= tag.trim();
    return " ";
  });
  // "(http://...)" and "( https://... )"
  name = name.replace(/\(\s*(https?:\/\/[^()\s]*)\s*\)/gi, (_m, url: string) => {
    out.url ??= url;
    return " ";
  });
  name = name.replace(/\s+/g, " ").trim();
  // a trailing "(HANDLE)" or "(1234)"
  const paren = /\(([^()]{1,40})\)$/.exec(name);
  const inParen = paren?.[1]?.trim();
  if (paren && inParen !== undefined && (isHandle(inParen) || NUMBER.test(inParen))) {
    if (NUMBER.test(inParen)) out.ianaId = inParen;
    else out.handle ??= inParen;
    name = name.slice(0, paren.index).trim();
  }
  // "Name - HANDLE" / "HANDLE - Name"
  const dash = name.indexOf(" - ");
  if (dash > 0) {
    const head = name.slice(0, dash).trim();
    const tail = name.slice(dash + 3).trim();
    if (isHandle(tail)) {
      out.handle ??= tail;
      name = head;
    } else if (isHandle(head)) {
      out.handle ??= head;
      name = tail;
    }
  }
  return { name, ...out };
}
