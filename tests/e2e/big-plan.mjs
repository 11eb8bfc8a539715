// A big plan for journeys that need one: 10 governorates of 5 districts, a need per
// governorate and any number of multipurpose cash activities spread over them, as HXL CSV
// files to import together (the data journey, the fault-injection journeys and the
// kill-during-save measurement).
export const ORGS = ['WFP', 'IRC', 'NRC', 'UNICEF', 'SARC'];
const GOVERNORATES = 10;
const DISTRICTS = 5;
const pad = (n) => String(n).padStart(2, '0');
export const district = (i) => `SY${pad(1 + (i % GOVERNORATES))}${pad(1 + (Math.floor(i / GOVERNORATES) % DISTRICTS))}`;
export const org = (i) => ORGS[Math.floor(i / 7) % ORGS.length];

export function areasCsv() {
  const lines = ['Areas', 'Governorate,Governorate P-code,District,District P-code,Population', '#adm1+name,#adm1+code,#adm2+name,#adm2+code,#population'];
  for (let g = 1; g <= GOVERNORATES; g++) {
    lines.push(`Governorate ${pad(g)},SY${pad(g)},,,${g * 100_000}`);
    for (let d = 1; d <= DISTRICTS; d++) lines.push(`Governorate ${pad(g)},SY${pad(g)},District ${pad(g)}${pad(d)},SY${pad(g)}${pad(d)},${g * 10_000}`);
  }
  return lines.join('\n') + '\n';
}

export function needsCsv() {
  const lines = ['Needs', 'Governorate P-code,Sector,People in need', '#adm1+code,#sector,#inneed'];
  for (let g = 1; g <= GOVERNORATES; g++) lines.push(`SY${pad(g)},MPC,${50_000_000 + g}`);
  return lines.join('\n') + '\n';
}

/** Activities `from` to `to` (inclusive), each a distribution of its own. */
export function activitiesCsv(to, from = 1) {
  const lines = ['5W', 'Organisation,Sector,Governorate P-code,District P-code,Activity,Modality,People targeted,People reached,Transfer value per HH,Currency,Status',
    '#org+prog,#sector,#adm1+code,#adm2+code,#activity,#modality,#targeted,#reached,#value+transfer+hh,#currency,#status'];
  for (let i = from; i <= to; i++) {
    const code = district(i);
    lines.push(`${org(i)},MPC,${code.slice(0, 4)},${code},Distribution ${i},Cash,${2 * i + 100},${2 * i},120,USD,Ongoing`);
  }
  return lines.join('\n') + '\n';
}

/** The three files as `setInputFiles` takes them. */
export function bigPlanFiles(rows) {
  const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  return [file('areas.csv', areasCsv()), file('needs.csv', needsCsv()), file('activities.csv', activitiesCsv(rows))];
}
