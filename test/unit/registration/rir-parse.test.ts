// parseRirWhois over complete answers in each RIR's style, written after what the
// servers return (whois.arin.net `n + 8.8.8.8` / `a + 15169`, whois.ripe.net,
// whois.apnic.net, whois.afrinic.net, whois.lacnic.net), banners included.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContactRole, RegistrationRecord } from "../../../src/model/registration.js";
import { parseRirWhois } from "../../../src/registration/whois/rir.js";

const ARIN_BANNER = `
#
# ARIN WHOIS data and services are subject to the Terms of Use
# available at: https://www.arin.net/resources/registry/whois/tou/
#
# If you see inaccuracies in the results, please report at
# https://www.arin.net/resources/registry/whois/inaccuracy_reporting/
#
# Copyright 1997-2024, American Registry for Internet Numbers, Ltd.
#

`;

const ARIN_8888 = `${ARIN_BANNER}
NetRange:       8.0.0.0 - 8.127.255.255
CIDR:           8.0.0.0/9
NetName:        LVLT-ORG-8-8
NetHandle:      NET-8-0-0-0-1
Parent:          ()
NetType:        Direct Allocation
OriginAS:       
Organization:   Level 3 Parent, LLC (LPL-141)
RegDate:        1992-12-01
Updated:        2018-04-23
Ref:            https://rdap.arin.net/registry/ip/8.0.0.0



OrgName:        Level 3 Parent, LLC
OrgId:          LPL-141
Address:        100 CenturyLink Drive
City:           Monroe
StateProv:      LA
PostalCode:     71203
Country:        US
RegDate:        2018-02-06
Updated:        2024-11-25
Comment:        ADDRESSES WITHIN THIS BLOCK ARE NON-PORTABLE ACCORDING TO THE TERMS OF THE CUSTOMER AGREEMENT.
Comment:        
Comment:        Please report abuse at abuse@level3.com
Ref:            https://rdap.arin.net/registry/entity/LPL-141


OrgTechHandle: IPADD5-ARIN
OrgTechName:   ipaddressing
OrgTechPhone:  +1-877-453-8353 
OrgTechEmail:  ipaddressing@lumen.com
OrgTechRef:    https://rdap.arin.net/registry/entity/IPADD5-ARIN

OrgNOCHandle: NOCSU27-ARIN
OrgNOCName:   NOC Support
OrgNOCPhone:  +1-877-453-8353 
OrgNOCEmail:  noc.coreip@lumen.com
OrgNOCRef:    https://rdap.arin.net/registry/entity/NOCSU27-ARIN

OrgAbuseHandle: LAC56-ARIN
OrgAbuseName:   L3 Abuse Contact
OrgAbusePhone:  +1-877-453-8353 
OrgAbuseEmail:  abuse@level3.com
OrgAbuseRef:    https://rdap.arin.net/registry/entity/LAC56-ARIN


NetRange:       8.8.8.0 - 8.8.8.255
CIDR:           8.8.8.0/24
NetName:        GOGL
NetHandle:      NET-8-8-8-0-1
Parent:         LVLT-ORG-8-8 (NET-8-0-0-0-1)
NetType:        Direct Allocation
OriginAS:       
Organization:   Google LLC (GOGL)
RegDate:        2014-03-14
Updated:        2014-03-14
Ref:            https://rdap.arin.net/registry/ip/8.8.8.0



OrgName:        Google LLC
OrgId:          GOGL
Address:        1600 Amphitheatre Parkway
City:           Mountain View
StateProv:      CA
PostalCode:     94043
Country:        US
RegDate:        2000-03-30
Updated:        2019-10-31
Comment:        Please note that the recommended way to file abuse complaints are located in the following links. 
Comment:        
Comment:        To report abuse and illegal activity: https://www.google.com/contact/
Ref:            https://rdap.arin.net/registry/entity/GOGL


OrgTechHandle: ZG39-ARIN
OrgTechName:   Google LLC
OrgTechPhone:  +1-650-253-0000 
OrgTechEmail:  arin-contact@google.com
OrgTechRef:    https://rdap.arin.net/registry/entity/ZG39-ARIN

OrgAbuseHandle: ABUSE5250-ARIN
OrgAbuseName:   Abuse
OrgAbusePhone:  +1-650-253-0000 
OrgAbuseEmail:  network-abuse@google.com
OrgAbuseRef:    https://rdap.arin.net/registry/entity/ABUSE5250-ARIN

${ARIN_BANNER}`;

const ARIN_RIPE_BLOCK = `${ARIN_BANNER}
NetRange:       193.0.0.0 - 193.255.255.255
CIDR:           193.0.0.0/8
NetName:        RIPE-CIDR-193
NetHandle:      NET-193-0-0-0-1
Parent:          ()
NetType:        Allocated to RIPE NCC
OriginAS:       
Organization:   RIPE Network Coordination Centre (RIPE)
RegDate:        1993-05-01
Updated:        2009-03-25
Comment:        These addresses have been further assigned to users in
Comment:        the RIPE NCC region.  Contact information can be found in
Comment:        the RIPE database at http://www.ripe.net/whois
Ref:            https://rdap.arin.net/registry/ip/193.0.0.0

ResourceLink:  https://apps.db.ripe.net/db-web-ui/query
ResourceLink:  whois://whois.ripe.net


OrgName:        RIPE Network Coordination Centre
OrgId:          RIPE
Address:        P.O. Box 10096
City:           Amsterdam
StateProv:      
PostalCode:     1001EB
Country:        NL
RegDate:        
Updated:        2013-07-29
Ref:            https://rdap.arin.net/registry/entity/RIPE

ReferralServer:  whois://whois.ripe.net
ResourceLink:  https://apps.db.ripe.net/db-web-ui/query

OrgAbuseHandle: ABUSE3850-ARIN
OrgAbuseName:   Abuse Contact
OrgAbusePhone:  +31205354444 
OrgAbuseEmail:  abuse@ripe.net
OrgAbuseRef:    https://rdap.arin.net/registry/entity/ABUSE3850-ARIN

OrgTechHandle: RNO29-ARIN
OrgTechName:   RIPE NCC Operations
OrgTechPhone:  +31 20 535 4444 
OrgTechEmail:  hostmaster@ripe.net
OrgTechRef:    https://rdap.arin.net/registry/entity/RNO29-ARIN

${ARIN_BANNER}`;

const ARIN_AS15169 = `${ARIN_BANNER}
ASNumber:       15169
ASName:         GOOGLE
ASHandle:       AS15169
RegDate:        2000-03-30
Updated:        2012-02-24
Ref:            https://rdap.arin.net/registry/autnum/15169


OrgName:        Google LLC
OrgId:          GOGL
Address:        1600 Amphitheatre Parkway
City:           Mountain View
StateProv:      CA
PostalCode:     94043
Country:        US
RegDate:        2000-03-30
Updated:        2019-10-31
Ref:            https://rdap.arin.net/registry/entity/GOGL


OrgAbuseHandle: ABUSE5250-ARIN
OrgAbuseName:   Abuse
OrgAbusePhone:  +1-650-253-0000 
OrgAbuseEmail:  network-abuse@google.com
OrgAbuseRef:    https://rdap.arin.net/registry/entity/ABUSE5250-ARIN

OrgTechHandle: ZG39-ARIN
OrgTechName:   Google LLC
OrgTechPhone:  +1-650-253-0000 
OrgTechEmail:  arin-contact@google.com
OrgTechRef:    https://rdap.arin.net/registry/entity/ZG39-ARIN

${ARIN_BANNER}`;

const RIPE_BANNER = `% This is the RIPE Database query service.
% The objects are in RPSL format.
%
% The RIPE Database is subject to Terms and Conditions.
% See https://docs.db.ripe.net/terms-conditions.html

% Note: this output has been filtered.
%       To receive output for a database update, use the "-B" flag.

`;

const RIPE_ORG_AND_ROLES = `organisation:   ORG-RIEN1-RIPE
org-name:       Reseaux IP Europeens Network Coordination Centre (RIPE NCC)
country:        NL
org-type:       RIR
address:        P.O. Box 10096
address:        1001 EB
address:        Amsterdam
address:        NETHERLANDS
phone:          +31 20 535 4444
fax-no:         +31 20 535 4445
admin-c:        BRD-RIPE
admin-c:        CREW-RIPE
abuse-c:        ops4-ripe
mnt-ref:        RIPE-NCC-HM-MNT
mnt-by:         RIPE-NCC-HM-MNT
created:        2012-03-09T13:20:48Z
last-modified:  2023-05-11T13:20:38Z
source:         RIPE # Filtered

role:           RIPE NCC Operations
address:        P.O. Box 10096
address:        1001 EB Amsterdam
address:        The Netherlands
phone:          +31 20 535 4444
abuse-mailbox:  abuse@ripe.net
admin-c:        BRD-RIPE
tech-c:         GL7321-RIPE
nic-hdl:        OPS4-RIPE
mnt-by:         RIPE-NCC-MNT
created:        2002-09-16T10:35:27Z
last-modified:  2023-11-20T13:58:17Z
source:         RIPE # Filtered

role:           RIPE DBM
address:        P.O. Box 10096
address:        1001 EB Amsterdam
address:        The Netherlands
phone:          +31 20 535 4444
admin-c:        AP110-RIPE
tech-c:         SW11-RIPE
nic-hdl:        BRD-RIPE
mnt-by:         RIPE-NCC-MNT
created:        2002-09-23T10:18:23Z
last-modified:  2023-11-20T13:55:58Z
source:         RIPE # Filtered
`;

const RIPE_193 = `${RIPE_BANNER}% Information related to '193.0.0.0 - 193.0.7.255'

% Abuse contact for '193.0.0.0 - 193.0.7.255' is 'abuse@ripe.net'

inetnum:        193.0.0.0 - 193.0.7.255
netname:        RIPE-NCC
descr:          RIPE Network Coordination Centre
org:            ORG-RIEN1-RIPE
descr:          Amsterdam, Netherlands
remarks:        Used for RIPE NCC infrastructure.
country:        NL
admin-c:        BRD-RIPE
tech-c:         OPS4-RIPE
status:         ASSIGNED PA
mnt-by:         RIPE-NCC-MNT
created:        2003-03-17T12:15:57Z
last-modified:  2017-12-04T14:46:31Z
source:         RIPE

${RIPE_ORG_AND_ROLES}
% Information related to '193.0.0.0/21AS3333'

route:          193.0.0.0/21
descr:          RIPE-NCC
origin:         AS3333
mnt-by:         RIPE-NCC-MNT
created:        2008-09-10T14:27:53Z
last-modified:  2008-09-10T14:27:53Z
source:         RIPE # Filtered

% This query was served by the RIPE Database Query Service version 1.109 (SHETLAND)

`;

const RIPE_V6 = `${RIPE_BANNER}% Information related to '2001:67c:2e8::/48'

% Abuse contact for '2001:67c:2e8::/48' is 'abuse@ripe.net'

inet6num:       2001:67c:2e8::/48
netname:        RIPE-NCC
descr:          RIPE Network Coordination Centre
org:            ORG-RIEN1-RIPE
country:        NL
admin-c:        BRD-RIPE
tech-c:         OPS4-RIPE
status:         ASSIGNED
mnt-by:         RIPE-NCC-MNT
created:        2011-01-13T15:03:02Z
last-modified:  2017-03-17T13:31:38Z
source:         RIPE

${RIPE_ORG_AND_ROLES}
% This query was served by the RIPE Database Query Service version 1.109 (SHETLAND)

`;

const RIPE_AS3333 = `${RIPE_BANNER}% Information related to 'AS3209 - AS3353'

as-block:       AS3209 - AS3353
descr:          RIPE NCC ASN block
remarks:        These AS Numbers are assigned to network operators in the RIPE NCC service region.
mnt-by:         RIPE-NCC-HM-MNT
created:        2018-11-22T15:27:24Z
last-modified:  2018-11-22T15:27:24Z
source:         RIPE

% Information related to 'AS3333'

% Abuse contact for 'AS3333' is 'abuse@ripe.net'

aut-num:        AS3333
as-name:        RIPE-NCC-AS
org:            ORG-RIEN1-RIPE
descr:          Reseaux IP Europeens Network Coordination Centre (RIPE NCC)
import:         from AS1103 accept ANY
export:         to AS1103 announce AS-RIPENCC
admin-c:        BRD-RIPE
tech-c:         OPS4-RIPE
status:         ASSIGNED
mnt-by:         RIPE-NCC-END-MNT
mnt-by:         RIPE-NCC-MNT
created:        2002-09-17T08:47:30Z
last-modified:  2024-01-05T10:12:05Z
source:         RIPE

${RIPE_ORG_AND_ROLES}
% This query was served by the RIPE Database Query Service version 1.109 (SHETLAND)
`;

const APNIC_1111 = `% [whois.apnic.net]
% Whois data copyright terms    http://www.apnic.net/db/dbcopyright.html

% Information related to '1.1.1.0 - 1.1.1.255'

% Abuse contact for '1.1.1.0 - 1.1.1.255' is 'helpdesk@apnic.net'

inetnum:        1.1.1.0 - 1.1.1.255
netname:        APNIC-LABS
descr:          APNIC and Cloudflare DNS Resolver project
descr:          Routed globally by AS13335/Cloudflare
descr:          Research prefix for APNIC Labs
country:        AU
org:            ORG-ARAD1-AP
admin-c:        AIC3-AP
tech-c:         AIC3-AP
abuse-c:        AA1412-AP
status:         ASSIGNED PORTABLE
remarks:        ---------------
remarks:        All Cloudflare abuse reporting can be done via
remarks:        resolver-abuse@cloudflare.com
remarks:        ---------------
mnt-by:         APNIC-HM
mnt-routes:     MAINT-APNICRANDNET
mnt-irt:        IRT-APNICRANDNET-AU
last-modified:  2023-04-26T22:57:58Z
mnt-lower:      MAINT-APNICRANDNET
source:         APNIC

irt:            IRT-APNICRANDNET-AU
address:        PO Box 3646
address:        South Brisbane, QLD 4101
address:        Australia
e-mail:         helpdesk@apnic.net
abuse-mailbox:  helpdesk@apnic.net
admin-c:        AR302-AP
tech-c:         AR302-AP
auth:           # Filtered
remarks:        helpdesk@apnic.net was validated on 2021-02-09
mnt-by:         MAINT-AU-APNIC-GM85-AP
last-modified:  2021-03-09T01:10:21Z
source:         APNIC

organisation:   ORG-ARAD1-AP
org-name:       APNIC Research and Development
org-type:       OTHER
country:        AU
address:        6 Cordelia St
phone:          +61-7-38583100
fax-no:         +61-7-38583199
e-mail:         helpdesk@apnic.net
mnt-ref:        APNIC-HM
mnt-by:         APNIC-HM
last-modified:  2023-09-05T02:15:19Z
source:         APNIC

role:           ABUSE APNICRANDNETAU
address:        PO Box 3646
address:        South Brisbane, QLD 4101
address:        Australia
country:        ZZ
phone:          +000000000
e-mail:         helpdesk@apnic.net
admin-c:        AR302-AP
tech-c:         AR302-AP
nic-hdl:        AA1412-AP
remarks:        Generated from irt object IRT-APNICRANDNET-AU
abuse-mailbox:  helpdesk@apnic.net
mnt-by:         APNIC-ABUSE
last-modified:  2021-03-09T01:10:22Z
source:         APNIC

role:           APNIC RESEARCH
address:        PO Box 3646
address:        South Brisbane, QLD 4101
address:        Australia
country:        AU
phone:          +61-7-3858-3188
fax-no:         +61-7-3858-3199
e-mail:         research@apnic.net
nic-hdl:        AIC3-AP
tech-c:         AH256-AP
admin-c:        AH256-AP
mnt-by:         MAINT-APNIC-AP
last-modified:  2023-04-26T22:50:54Z
source:         APNIC

% Information related to '1.1.1.0/24AS13335'

route:          1.1.1.0/24
origin:         AS13335
descr:          APNIC Research and Development
                6 Cordelia St
mnt-by:         MAINT-APNICRANDNET
last-modified:  2023-04-26T02:42:44Z
source:         APNIC

% This query was served by the APNIC Whois Service version 1.88.25 (WHOIS-US4)

`;

const AFRINIC_196 = `% This is the AfriNIC Whois server.
% The AFRINIC whois database is subject to  the following terms of Use. See https://afrinic.net/whois/terms

% Note: this output has been filtered.
%       To receive output for a database update, use the "-B" flag.

% Information related to '196.216.2.0 - 196.216.3.255'

% No abuse contact registered for 196.216.2.0 - 196.216.3.255

inetnum:        196.216.2.0 - 196.216.3.255
netname:        AFRINIC-Ebene
descr:          AFRINIC - Ebene, Mauritius
country:        MU
org:            ORG-AFNC1-AFRINIC
admin-c:        GP34-AFRINIC
tech-c:         GP34-AFRINIC
abuse-c:        AR47-AFRINIC
status:         ASSIGNED PI
mnt-by:         AFRINIC-HM-MNT
mnt-lower:      AFRINIC-IT-MNT
source:         AFRINIC # Filtered
parent:         196.216.0.0 - 196.216.255.255

organisation:   ORG-AFNC1-AFRINIC
org-name:       African Network Information Center - (AFRINIC)
org-type:       RIR
country:        MU
address:        11th Floor, Standard Chartered Tower
address:        Cybercity
address:        Ebene
phone:          tel:+230-403-5100
admin-c:        CA12-AFRINIC
tech-c:         GP34-AFRINIC
mnt-ref:        AFRINIC-HM-MNT
mnt-by:         AFRINIC-HM-MNT
source:         AFRINIC # Filtered

role:           AFRINIC Abuse
address:        11th Floor, Standard Chartered Tower, Cybercity, Ebene, Mauritius
e-mail:         abusedesk@afrinic.net
abuse-mailbox:  abusedesk@afrinic.net
phone:          tel:+230-403-5100
nic-hdl:        AR47-AFRINIC
mnt-by:         AFRINIC-HM-MNT
source:         AFRINIC # Filtered

person:         Gregory Pillay
address:        11th Floor, Standard Chartered Tower
address:        Ebene
address:        Mauritius
phone:          tel:+230-403-5100
nic-hdl:        GP34-AFRINIC
mnt-by:         AFRINIC-HM-MNT
source:         AFRINIC # Filtered

`;

const LACNIC_200 = `
% Joint Whois - whois.lacnic.net
%  This server accepts single ASN, IPv4 or IPv6 queries

% LACNIC resource: whois.lacnic.net


% Copyright LACNIC lacnic.net
%  The use of this service is subject to the conditions at https://www.lacnic.net/cgi-bin/lacnic/stdcontent?lg=EN&contentname=whois_terms
%  Rate-Limit: 100 queries per minute.

inetnum:     200.7.84/23
status:      reallocated
aut-num:     N/A
owner:       Latin American and Caribbean IP address Regional Registry
ownerid:     UY-LACN-LACNIC
responsible: LACNIC Staff
address:     Rambla Mexico, 6125, 
address:     11400 - Montevideo - MV
country:     UY
phone:       +598 2 6042222 [4012]
owner-c:     RCA
tech-c:      RCA
abuse-c:     LIA
created:     20030805
changed:     20210310
inetnum-up:  200.7.80/20

nic-hdl:     RCA
person:      Ricardo Carlos Antunez
e-mail:      hostmaster@lacnic.net
address:     Rambla Mexico 6125, 
address:     11400 - Montevideo - MV
country:     UY
phone:       +598 2 6042222 [4112]
created:     20030131
changed:     20220817

nic-hdl:     LIA
person:      LACNIC Infrastructure Abuse
e-mail:      abuse@lacnic.net
address:     Rambla Mexico, 6125, 
address:     11400 - Montevideo - MV
country:     UY
phone:       +598 2 6042222 []
created:     20130314
changed:     20130314

% whois.lacnic.net accepts only direct match queries.
% Types of queries are: POCs, ownerid, CIDR blocks, IP
% and AS numbers.
`;

const roles = (r: RegistrationRecord): ContactRole[] => r.contacts.map((c) => c.role);
const abuse = (r: RegistrationRecord) => r.contacts.find((c) => c.role === "abuse");
const registrant = (r: RegistrationRecord) => r.contacts.find((c) => c.role === "registrant");

describe("parseRirWhois: ARIN", () => {
  it("picks the most specific of the networks `n +` lists, with its own holder and POCs", () => {
    const r = parseRirWhois(ARIN_8888, { server: "whois.arin.net", key: "8.8.8.8" });
    assert.equal(r.status, "registered");
    assert.equal(r.domain, "8.8.8.0/24");
    assert.deepEqual(r.network, {
      kind: "ip",
      start: "8.8.8.0",
      end: "8.8.8.255",
      cidrs: ["8.8.8.0/24"],
      handle: "NET-8-8-8-0-1",
      name: "GOGL",
      type: "Direct Allocation",
      country: "US",
      organization: "Google LLC",
      parentHandle: "NET-8-0-0-0-1",
    });
    assert.equal(r.created, "2014-03-14T00:00:00Z");
    assert.equal(r.updated, "2014-03-14T00:00:00Z");
    assert.deepEqual(roles(r), ["registrant", "abuse", "technical"]);
    assert.deepEqual(abuse(r), {
      role: "abuse",
      handle: "ABUSE5250-ARIN",
      name: "Abuse",
      email: "network-abuse@google.com",
      phone: "+1-650-253-0000",
      redacted: [],
    });
    assert.deepEqual(registrant(r), {
      role: "registrant",
      handle: "GOGL",
      organization: "Google LLC",
      street: ["1600 Amphitheatre Parkway"],
      city: "Mountain View",
      region: "CA",
      postalCode: "94043",
      country: "US",
      redacted: [],
    });
    assert.equal(r.source.server, "whois.arin.net");
  });

  it("reads the larger block when the address is only in it", () => {
    const r = parseRirWhois(ARIN_8888, { key: "8.9.1.1" });
    assert.equal(r.network?.handle, "NET-8-0-0-0-1");
    assert.equal(r.network?.organization, "Level 3 Parent, LLC");
    assert.equal(r.network?.parentHandle, undefined);
    assert.deepEqual(roles(r), ["registrant", "abuse", "technical", "noc"]);
    assert.equal(abuse(r)?.email, "abuse@level3.com");
  });

  it("reads a block allocated to another RIR as ARIN states it", () => {
    const r = parseRirWhois(ARIN_RIPE_BLOCK, { key: "193.0.6.139" });
    assert.equal(r.domain, "193.0.0.0/8");
    assert.equal(r.network?.type, "Allocated to RIPE NCC");
    assert.equal(r.network?.organization, "RIPE Network Coordination Centre");
    assert.equal(r.network?.country, "NL");
    assert.equal(r.created, "1993-05-01T00:00:00Z");
    assert.equal(abuse(r)?.email, "abuse@ripe.net");
  });

  it("reads an AS number with its holder and abuse desk", () => {
    const r = parseRirWhois(ARIN_AS15169, { key: "AS15169" });
    assert.equal(r.domain, "AS15169");
    assert.deepEqual(r.network, {
      kind: "asn",
      start: "AS15169",
      end: "AS15169",
      cidrs: [],
      handle: "AS15169",
      name: "GOOGLE",
      country: "US",
      organization: "Google LLC",
    });
    assert.equal(r.created, "2000-03-30T00:00:00Z");
    assert.equal(r.updated, "2012-02-24T00:00:00Z");
    assert.equal(abuse(r)?.email, "network-abuse@google.com");
    assert.equal(r.contacts.find((c) => c.role === "technical")?.handle, "ZG39-ARIN");
  });

  it("reads an AS block ARIN holds for another RIR as a range", () => {
    const text = `ASNumber:       3154 - 3353\nASName:         RIPE-ASNBLOCK-3154\nASHandle:       AS3154\nRegDate:        1994-09-06\nUpdated:        2009-03-25\n\nOrgName:        RIPE Network Coordination Centre\nOrgId:          RIPE\nCountry:        NL\n\nReferralServer:  whois://whois.ripe.net\n`;
    const r = parseRirWhois(text, { key: "AS3333" });
    assert.equal(r.domain, "AS3154-AS3353");
    assert.equal(r.network?.start, "AS3154");
    assert.equal(r.network?.end, "AS3353");
    assert.equal(r.network?.name, "RIPE-ASNBLOCK-3154");
  });

  it("says available for ARIN's no match, with the key as subject", () => {
    const r = parseRirWhois(`${ARIN_BANNER}No match found for a + 4199999999.\n${ARIN_BANNER}`, {
      key: "AS4199999999",
    });
    assert.equal(r.status, "available");
    assert.equal(r.domain, "AS4199999999");
    assert.equal(r.network, undefined);
  });

  it("normalises an IPv6 range ARIN writes in capitals", () => {
    const text = `NetRange:       2001:4860:: - 2001:4860:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF\nCIDR:           2001:4860::/32\nNetName:        GOOGLE-IPV6\nNetHandle:      NET6-2001-4860-1\nParent:         ARIN-NONAUTH (NET6-2001-1)\nNetType:        Direct Allocation\nOrganization:   Google LLC (GOGL)\nRegDate:        2005-03-14\nUpdated:        2012-02-24\n\nOrgName:        Google LLC\nOrgId:          GOGL\nCountry:        US\n`;
    const r = parseRirWhois(text, { key: "2001:4860:4860::8888" });
    assert.equal(r.domain, "2001:4860::/32");
    assert.equal(r.network?.start, "2001:4860::");
    assert.equal(r.network?.end, "2001:4860:ffff:ffff:ffff:ffff:ffff:ffff");
    assert.equal(r.network?.parentHandle, "NET6-2001-1");
  });

  it("splits a CIDR line holding several prefixes", () => {
    const text = `NetRange:       192.0.2.0 - 192.0.4.255\nCIDR:           192.0.2.0/24, 192.0.3.0/24, 192.0.4.0/24\nNetName:        EXAMPLE\nNetHandle:      NET-192-0-2-0-1\n`;
    const r = parseRirWhois(text, { key: "192.0.3.1" });
    assert.equal(r.domain, "192.0.2.0 - 192.0.4.255");
    assert.deepEqual(r.network?.cidrs, ["192.0.2.0/24", "192.0.3.0/24", "192.0.4.0/24"]);
  });

  it("takes a customer reassignment's CustName as the holder", () => {
    const text = `NetRange:       198.51.100.0 - 198.51.100.127\nCIDR:           198.51.100.0/25\nNetName:        EXAMPLE-CUST\nNetHandle:      NET-198-51-100-0-1\nParent:         ISP-NET (NET-198-51-0-0-1)\nNetType:        Reassigned\nCustomer:       Example Shop (C01234567)\nRegDate:        2019-06-01\nUpdated:        2019-06-01\n\nCustName:       Example Shop\nAddress:        1 Main St\nCity:           Springfield\nStateProv:      IL\nPostalCode:     62701\nCountry:        US\nRegDate:        2019-06-01\nUpdated:        2019-06-01\n`;
    const r = parseRirWhois(text, { key: "198.51.100.9" });
    assert.equal(r.network?.organization, "Example Shop");
    assert.equal(r.network?.type, "Reassigned");
    assert.equal(registrant(r)?.city, "Springfield");
  });
});

describe("parseRirWhois: RPSL registries", () => {
  it("RIPE inetnum: organisation by org:, abuse from the database's own comment", () => {
    const r = parseRirWhois(RIPE_193, { server: "whois.ripe.net", key: "193.0.6.139" });
    assert.equal(r.status, "registered");
    assert.equal(r.domain, "193.0.0.0/21");
    assert.deepEqual(r.network, {
      kind: "ip",
      start: "193.0.0.0",
      end: "193.0.7.255",
      cidrs: ["193.0.0.0/21"],
      handle: "193.0.0.0 - 193.0.7.255",
      name: "RIPE-NCC",
      type: "ASSIGNED PA",
      country: "NL",
      organization: "Reseaux IP Europeens Network Coordination Centre (RIPE NCC)",
    });
    assert.equal(r.created, "2003-03-17T12:15:57Z");
    assert.equal(r.updated, "2017-12-04T14:46:31Z");
    assert.deepEqual(roles(r), ["registrant", "abuse", "technical", "administrative"]);
    assert.deepEqual(abuse(r), {
      role: "abuse",
      handle: "ops4-ripe",
      name: "RIPE NCC Operations",
      email: "abuse@ripe.net",
      phone: "+31 20 535 4444",
      street: ["P.O. Box 10096", "1001 EB Amsterdam", "The Netherlands"],
      redacted: [],
    });
    assert.equal(registrant(r)?.handle, "ORG-RIEN1-RIPE");
    assert.equal(registrant(r)?.country, "NL");
    assert.equal(r.contacts.find((c) => c.role === "technical")?.name, "RIPE NCC Operations");
  });

  it("RIPE inet6num: a prefix", () => {
    const r = parseRirWhois(RIPE_V6, { key: "2001:67c:2e8:22::c100:68b" });
    assert.equal(r.domain, "2001:67c:2e8::/48");
    assert.equal(r.network?.start, "2001:67c:2e8::");
    assert.equal(r.network?.end, "2001:67c:2e8:ffff:ffff:ffff:ffff:ffff");
    assert.equal(
      r.network?.organization,
      "Reseaux IP Europeens Network Coordination Centre (RIPE NCC)",
    );
    assert.equal(abuse(r)?.email, "abuse@ripe.net");
  });

  it("RIPE aut-num, not the as-block before it", () => {
    const r = parseRirWhois(RIPE_AS3333, { key: "AS3333" });
    assert.equal(r.status, "registered");
    assert.equal(r.domain, "AS3333");
    assert.equal(r.network?.name, "RIPE-NCC-AS");
    assert.equal(r.network?.handle, "AS3333");
    assert.equal(r.network?.type, "ASSIGNED");
    // aut-num has no country: the holder's.
    assert.equal(r.network?.country, "NL");
    assert.equal(r.created, "2002-09-17T08:47:30Z");
    assert.equal(abuse(r)?.email, "abuse@ripe.net");
  });

  it("RIPE: an AS number only inside an as-block is not held there", () => {
    const text = RIPE_AS3333.replace(/% Information related to 'AS3333'[\s\S]*$/, "");
    const r = parseRirWhois(text, { key: "AS3300" });
    assert.equal(r.status, "unknown");
    assert.equal(r.domain, "AS3209-AS3353");
  });

  it("RIPE: not found and the placeholder for space it does not manage", () => {
    const none = parseRirWhois(
      `${RIPE_BANNER}%ERROR:101: no entries found\n%\n% No entries found in source RIPE.\n`,
      { key: "AS64000" },
    );
    assert.equal(none.status, "available");
    const blk = parseRirWhois(
      `${RIPE_BANNER}inetnum:        8.0.0.0 - 8.255.255.255\nnetname:        NON-RIPE-NCC-MANAGED-ADDRESS-BLOCK\ndescr:          IPv4 address block not managed by the RIPE NCC\ncountry:        EU # Country is really world wide\nstatus:         ALLOCATED UNSPECIFIED\nsource:         RIPE\n`,
      { key: "8.8.8.8" },
    );
    assert.equal(blk.status, "unknown");
    assert.equal(blk.network?.country, "EU");
  });

  it("RIPE: a daily limit answer is a throttle", () => {
    const r = parseRirWhois(
      "%ERROR:201: access denied for 192.0.2.1\n%\n% Sorry, access from your host has been permanently\n% denied because of a repeated excessive querying.\n",
      { key: "193.0.6.139" },
    );
    assert.equal(r.status, "throttled");
  });

  it("APNIC: abuse-c role and irt, descr continuation lines, organisation", () => {
    const r = parseRirWhois(APNIC_1111, { server: "whois.apnic.net", key: "1.1.1.1" });
    assert.equal(r.domain, "1.1.1.0/24");
    assert.equal(r.network?.name, "APNIC-LABS");
    assert.equal(r.network?.type, "ASSIGNED PORTABLE");
    assert.equal(r.network?.country, "AU");
    assert.equal(r.network?.organization, "APNIC Research and Development");
    assert.equal(r.updated, "2023-04-26T22:57:58Z");
    assert.equal(r.created, undefined);
    const a = abuse(r)!;
    assert.equal(a.handle, "AA1412-AP");
    assert.equal(a.email, "helpdesk@apnic.net");
    assert.equal(a.country, undefined, "ZZ is no country");
    const tech = r.contacts.find((c) => c.role === "technical")!;
    assert.equal(tech.email, "research@apnic.net");
    assert.equal(tech.country, "AU");
  });

  it("APNIC: the irt's abuse-mailbox when there is no abuse-c", () => {
    const text = APNIC_1111.replace(/^abuse-c:.*\n/m, "").replace(/^% Abuse contact.*\n/m, "");
    const a = abuse(parseRirWhois(text, { key: "1.1.1.1" }))!;
    assert.equal(a.handle, "IRT-APNICRANDNET-AU");
    assert.equal(a.email, "helpdesk@apnic.net");
  });

  it("AFRINIC: the abuse role's mailbox, no created date, filtered source", () => {
    const r = parseRirWhois(AFRINIC_196, { key: "196.216.2.1" });
    assert.equal(r.domain, "196.216.2.0/23");
    assert.equal(r.network?.name, "AFRINIC-Ebene");
    assert.equal(r.network?.type, "ASSIGNED PI");
    assert.equal(r.network?.country, "MU");
    assert.equal(r.network?.organization, "African Network Information Center - (AFRINIC)");
    assert.equal(abuse(r)?.email, "abusedesk@afrinic.net");
    assert.equal(abuse(r)?.name, "AFRINIC Abuse");
    assert.equal(r.contacts.find((c) => c.role === "technical")?.name, "Gregory Pillay");
  });

  it("LACNIC: abbreviated prefix, owner on the network, YYYYMMDD dates, nic-hdl persons", () => {
    const r = parseRirWhois(LACNIC_200, { server: "whois.lacnic.net", key: "200.7.84.1" });
    assert.equal(r.status, "registered");
    assert.equal(r.domain, "200.7.84.0/23");
    assert.deepEqual(r.network, {
      kind: "ip",
      start: "200.7.84.0",
      end: "200.7.85.255",
      cidrs: ["200.7.84.0/23"],
      handle: "200.7.84/23",
      type: "reallocated",
      country: "UY",
      organization: "Latin American and Caribbean IP address Regional Registry",
    });
    assert.equal(r.created, "2003-08-05T00:00:00Z");
    assert.equal(r.updated, "2021-03-10T00:00:00Z");
    assert.equal(registrant(r)?.handle, "UY-LACN-LACNIC");
    assert.equal(abuse(r)?.email, "abuse@lacnic.net");
    assert.equal(abuse(r)?.name, "LACNIC Infrastructure Abuse");
    assert.equal(r.contacts.find((c) => c.role === "technical")?.email, "hostmaster@lacnic.net");
  });

  it("LACNIC aut-num and NIC.br's nic-hdl-br", () => {
    const text = `% Copyright registro.br\n\naut-num:     AS22548\nowner:       Núcleo de Inf. e Coord. do Ponto BR - NIC.BR\nownerid:     005.506.560/0001-36\nresponsible: Frederico A C Neves\ncountry:     BR\nowner-c:     FAN\nabuse-c:     FAN\ncreated:     20000504\nchanged:     20170109\n\nnic-hdl-br:  FAN\nperson:      Frederico A C Neves\ne-mail:      fneves@registro.br\ncreated:     20000510\nchanged:     20220815\n`;
    const r = parseRirWhois(text, { key: "AS22548" });
    assert.equal(r.domain, "AS22548");
    assert.equal(r.network?.organization, "Núcleo de Inf. e Coord. do Ponto BR - NIC.BR");
    assert.equal(r.network?.country, "BR");
    assert.equal(r.created, "2000-05-04T00:00:00Z");
    assert.equal(abuse(r)?.email, "fneves@registro.br");
  });

  it("RPSL continuation lines (space, tab, '+') and end-of-line comments", () => {
    const text = [
      "inetnum:        192.0.2.0 - 192.0.2.255",
      "netname:        EXAMPLE-NET",
      "org:            ORG-EX1-TEST",
      "country:        DE # registered in Germany",
      "status:         ASSIGNED PA",
      "",
      "organisation:   ORG-EX1-TEST",
      "org-name:       Example Networks",
      "+               Holding GmbH",
      "\t                and Partners",
      "address:        Musterstrasse 1",
      "",
    ].join("\n");
    const r = parseRirWhois(text, { key: "192.0.2.1" });
    assert.equal(r.network?.organization, "Example Networks Holding GmbH and Partners");
    assert.equal(r.network?.country, "DE");
  });

  it("an answer with nothing this knows is unknown", () => {
    assert.equal(parseRirWhois("% Not assigned to LACNIC\n", { key: "9.9.9.9" }).status, "unknown");
    assert.equal(parseRirWhois("", { key: "9.9.9.9" }).status, "unknown");
  });
});
