// The UI's own addresses (the hash router in main.ts reads them back).
export const domainHref = (name: string): string => `#/domain/${encodeURIComponent(name)}`;
export const ipHref = (ip: string): string => `#/ip/${encodeURIComponent(ip)}`;
export const searchHref = (q: string): string => `#/search?q=${encodeURIComponent(q)}`;
