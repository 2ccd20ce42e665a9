// Data for the ledger toolset's README examples (docs/ledger.md): two
// accounts, two friends and a Dining category, made through the tools.
export async function setup(t) {
  const calls = [
    ['ledger_create_account', { name: 'Checking', type: 'asset', subtype: 'bank' }],
    ['ledger_create_account', { name: 'Visa', type: 'liability', subtype: 'credit_card' }],
    ['ledger_create_person', { name: 'Alice' }],
    ['ledger_create_person', { name: 'Bob' }],
    ['ledger_create_category', { name: 'Dining', kind: 'expense' }],
  ];
  for (const [name, args] of calls) {
    const r = await t.call(name, args);
    if (r.isError) throw new Error(`${name}: ${r.content[0].text}`);
  }
}
