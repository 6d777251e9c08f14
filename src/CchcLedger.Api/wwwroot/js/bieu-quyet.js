// The council's vote, checked as it is typed: the ledger's own rules (no more votes than members present, more than
// half for). The server checks again; this only spares a refused submission. The messages come from the page, in its language.
for (const form of document.querySelectorAll('form[data-votes]')) {
  const read = name => { const v = form.elements[name].value.trim(); return v === '' ? null : Number(v); };
  const out = form.querySelector('.votes-check');
  form.addEventListener('input', () => {
    const [present, yes, no] = [read('membersPresent'), read('votesFor'), read('votesAgainst')];
    if (present === null || yes === null || no === null) { out.textContent = ''; return; }
    out.textContent = yes + no > present ? out.dataset.tooMany
      : yes * 2 <= present ? out.dataset.noMajority
      : out.dataset.ok.replace('{0}', yes).replace('{1}', present);
  });
}
