// Words a phishing name puts beside a brand to make a link look like the brand's own
// service: sign-in, account, payment, delivery, support, "my". From the words phishing
// reports list, in English and the languages whose word lists the matcher reads
// (French, German, Dutch, Spanish, Italian, Portuguese). A brand glued to one of these
// ("myups", "paypalsecure") is a combosquat; glued to any other word ("lapostemobile",
// "applebees") it is more often the brand's own product or someone else's name.

const WORDS = `
my mon ma mes mein meine mijn mi mio mia meu minha
login logon signin signon sign log auth sso id access connect connexion anmelden anmeldung
inloggen acceso accesso entrar
account accounts compte konto cuenta conto rekening
secure security safe safety protect protection sicherheit beveiliging veilig seguridad
sicurezza seguranca securite
verify verification verified validate validation confirm confirmation check checking
verifizierung bestaetigung verificatie bevestiging verificacion verifica confirmacion
update updates renew renewal reset recovery restore unlock unlocked locked suspended
limited alert alerts notice notification warning review appeal claim
support help helpdesk service services customer care contact center centre team
assistance aide hilfe kundenservice kundendienst klantenservice klant ayuda assistenza
ajuda
billing bill bills payment payments pay paiement zahlung betaling betalen pago pagamento
invoice facture rechnung factuur factura fattura refund remboursement erstattung
terugbetaling reembolso rimborso wallet bank banking bankieren banque
delivery redelivery parcel package packages track tracking shipment shipping express
courier livraison suivi colis paket sendung zustellung lieferung pakket pakje bezorging
levering envio paquete spedizione pacco entrega encomenda
online web mail email webmail portal app apps official
gift reward rewards bonus promo prize free premium
order orders cancel cancellation
espace
`;

export const LURE_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/** The longest lure word `s` ends with, or "". */
export function lureSuffix(s: string): string {
  for (let k = Math.min(s.length, 14); k >= 2; k--) {
    const w = s.slice(s.length - k);
    if (LURE_WORDS.has(w)) return w;
  }
  return "";
}

/** The longest lure word `s` starts with, or "". */
export function lurePrefix(s: string): string {
  for (let k = Math.min(s.length, 14); k >= 2; k--) {
    const w = s.slice(0, k);
    if (LURE_WORDS.has(w)) return w;
  }
  return "";
}
