//! The in-app guide (F1), in Dutch and English: first steps on the example dialogue and what
//! the figures mean in plain words. The shortcut tables come from `shortcuts.ts`.

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'steps'; items: string[] }
  | { kind: 'terms'; items: { term: string; text: string }[] };

export type GuideSectionId = 'start' | 'shortcuts' | 'measures' | 'about';

export interface GuideSection {
  id: GuideSectionId;
  heading: string;
  blocks: Block[];
}

export const GUIDE_SECTION_IDS: GuideSectionId[] = ['start', 'shortcuts', 'measures', 'about'];

const NL: GuideSection[] = [
  {
    id: 'start',
    heading: 'Eerste stappen',
    blocks: [
      {
        kind: 'p',
        text: 'Ketentafel houdt per onderwerp bij welk standpunt elke partij inneemt en laat zien waar de partijen het eens zijn en waar niet. Alles staat op deze computer, in één dialoogbestand (.ketentafel); het programma gebruikt geen internet.',
      },
      {
        kind: 'steps',
        items: [
          'Kies op het startscherm ‘Voorbeelddialoog’. U krijgt een verzonnen werkgroep met partijen, onderwerpen in vier bouwstenen en drie sessies. Het is een eigen kopie: oefenen kan zonder risico.',
          'Het Overzicht toont per bouwsteen de onderwerpen en waar de verdeeldheid het grootst is.',
          'Open ‘Vergadering’ (Alt+2), kies een sessie of ‘Nu starten’ en daarna ‘Vastleggen starten’. Leg per partij een standpunt vast met de toetsen 1 tot en met 5 en 0 voor ‘geen standpunt’; met r, c en q voegt u een toelichting, een voorwaarde (mits …) of een citaat toe. Alles wordt direct opgeslagen.',
          'Onder ‘Analyse’ (Alt+3) staan de onderwerpen gerangschikt naar verschil van inzicht, de standpuntenkaart van alle partijen en onderwerpen, de verwantschap tussen partijen en de beweging tussen twee sessies.',
          'Onder ‘Agenda’ (Alt+4) stelt u een sessie samen, bijvoorbeeld voor het NFF, en bewaart u die als Word-document, webpagina of agenda-afspraak. Het conceptrapport van de werkgroep maakt u via het menu Bestand.',
          'Begin een eigen dialoog met ‘Nieuw’ (Ctrl+N). In het menu Bestand vindt u ook het importeren uit CSV, Excel en Pol.is en het delen van een dialoog met een andere gespreksleider.',
        ],
      },
    ],
  },
  {
    id: 'shortcuts',
    heading: 'Sneltoetsen',
    blocks: [
      {
        kind: 'p',
        text: 'Alles kan met het toetsenbord. De algemene toetsen werken overal; de toetsen voor het vastleggen werken in de vergadermodus, waar ? dit overzicht ook toont.',
      },
    ],
  },
  {
    id: 'measures',
    heading: 'Wat de cijfers betekenen',
    blocks: [
      {
        kind: 'p',
        text: 'Elke partij heeft per onderwerp één actueel standpunt op een schaal van vijf: sterk tegen (−2), tegen (−1), neutraal (0), voor (+1) en sterk voor (+2). De cijfers hieronder gaan steeds over die actuele standpunten.',
      },
      {
        kind: 'terms',
        items: [
          {
            term: 'Cns (consensus)',
            text: 'Hoe dicht de standpunten bij elkaar liggen, van 0 tot 1. Bij 1 staat iedereen op hetzelfde punt van de schaal; bij 0 staat de helft op het ene uiterste en de helft op het andere. Een waarde rond 0,5 betekent dat de standpunten flink uiteenlopen zonder dat er twee kampen zijn.',
          },
          {
            term: 'A (overeenstemming)',
            text: 'Van −1 tot 1. Bij 1 zijn alle partijen het eens, bij 0 zijn de standpunten gelijk over de schaal verspreid, en onder 0 vallen de partijen uiteen in twee kampen. De lijst ‘Verschillen’ zet onderwerpen met een lage A en een hoge prioriteit bovenaan.',
          },
          {
            term: 'Geen standpunt is niet neutraal',
            text: 'Een partij die geen standpunt inneemt, zegt niet dat zij het midden kiest; zij zegt (nog) niets. Daarom telt ‘geen standpunt’ niet mee in Cns en A en ook niet in de aandelen voor en tegen. Het aantal partijen zonder standpunt staat er wel altijd bij.',
          },
          {
            term: 'Te weinig standpunten',
            text: 'Met minder dan drie getelde standpunten zeggen Cns en A vrijwel niets: twee partijen die het eens zijn, geven al ‘volledige consensus’. Zulke onderwerpen krijgen de markering ‘te weinig standpunten’ en staan onderaan de lijst.',
          },
          {
            term: 'Voorgesteld oordeel',
            text: 'Ketentafel stelt consensus voor wanneer ten minste 75 % aan één kant staat (voor of tegen) en niemand aan de andere kant staat of een voorwaarde stelt; met een voorwaarde of een tegenstem wordt het ‘consensus met voorbehoud’. Het voorstel staat naast uw eigen oordeel, nooit in plaats daarvan.',
          },
          {
            term: 'Breuklijn',
            text: 'De twee groepen in de keten (bijvoorbeeld producenten en omroepen) waarvan de gemiddelde standpunten het verst uiteenliggen, wanneer dat verschil minstens één punt op de schaal is en zij aan verschillende kanten staan.',
          },
        ],
      },
    ],
  },
  {
    id: 'about',
    heading: 'Over Ketentafel',
    blocks: [
      {
        kind: 'p',
        text: 'Ketentafel is vrije software onder de Europese openbare licentie (EUPL-1.2). Het programma verstuurt niets: geen gebruiksgegevens, geen foutmeldingen, geen updates. Uw dialogen staan alleen in de bestanden die u zelf kiest.',
      },
    ],
  },
];

const EN: GuideSection[] = [
  {
    id: 'start',
    heading: 'First steps',
    blocks: [
      {
        kind: 'p',
        text: 'Ketentafel records which position each party takes on each topic and shows where the parties agree and where they do not. Everything stays on this computer, in one dialogue file (.ketentafel); the program does not use the internet.',
      },
      {
        kind: 'steps',
        items: [
          'On the start screen, choose ‘Example dialogue’. You get a fictional working group with parties, topics in four building blocks and three sessions. It is your own copy, so you can practise without risk.',
          'The Overview shows the topics of each building block and where the disagreement is greatest.',
          'Open ‘Meeting’ (Alt+2), choose a session or ‘Start now’, then start recording. Record each party’s position with the keys 1 to 5, and 0 for ‘no position’; r, c and q add a rationale, a condition or a quote. Everything is saved at once.',
          'Under ‘Analysis’ (Alt+3) you find the topics ranked by divergence, the position map of all parties and topics, how closely parties align, and the movement between two sessions.',
          'Under ‘Agenda’ (Alt+4) you put a session together, for example for the NFF, and save it as a Word document, a web page or a calendar event. The working group’s draft report is made from the File menu.',
          'Start a dialogue of your own with ‘New’ (Ctrl+N). The File menu also imports from CSV, Excel and Pol.is, and shares a dialogue with another facilitator.',
        ],
      },
    ],
  },
  {
    id: 'shortcuts',
    heading: 'Keyboard shortcuts',
    blocks: [
      {
        kind: 'p',
        text: 'Everything can be done from the keyboard. The general keys work everywhere; the recording keys work in meeting mode, where ? shows them as well.',
      },
    ],
  },
  {
    id: 'measures',
    heading: 'What the figures mean',
    blocks: [
      {
        kind: 'p',
        text: 'Each party has one current position per topic on a five-point scale: strongly against (−2), against (−1), neutral (0), for (+1) and strongly for (+2). The figures below are always about those current positions.',
      },
      {
        kind: 'terms',
        items: [
          {
            term: 'Cns (consensus)',
            text: 'How close the positions are, from 0 to 1. At 1 everyone stands on the same point of the scale; at 0 half stand at one extreme and half at the other. A value around 0.5 means the positions are spread widely without forming two camps.',
          },
          {
            term: 'A (agreement)',
            text: 'From −1 to 1. At 1 all parties agree, at 0 the positions are spread evenly over the scale, and below 0 the parties split into two camps. The ‘Divergence’ list puts topics with a low A and a high priority at the top.',
          },
          {
            term: 'No position is not neutral',
            text: 'A party that takes no position is not choosing the middle; it is saying nothing (yet). That is why ‘no position’ counts neither in Cns and A nor in the shares for and against. The number of parties without a position is always shown beside them.',
          },
          {
            term: 'Too few positions',
            text: 'With fewer than three counted positions, Cns and A say next to nothing: two parties who agree already give ‘full consensus’. Such topics are flagged ‘too few positions’ and go to the bottom of the list.',
          },
          {
            term: 'Suggested verdict',
            text: 'Ketentafel suggests consensus when at least 75 % stand on one side (for or against) and nobody stands on the other side or adds a condition; with a condition or an opposing party it becomes ‘consensus with reservations’. The suggestion stands beside your own verdict, never in its place.',
          },
          {
            term: 'Fault line',
            text: 'The two groups in the chain (producers and broadcasters, say) whose average positions lie furthest apart, when that gap is at least one point on the scale and they stand on different sides.',
          },
        ],
      },
    ],
  },
  {
    id: 'about',
    heading: 'About Ketentafel',
    blocks: [
      {
        kind: 'p',
        text: 'Ketentafel is free software under the European Union Public Licence (EUPL-1.2). The program sends nothing: no usage data, no crash reports, no updates. Your dialogues are only in the files you choose yourself.',
      },
    ],
  },
];

export const GUIDE: Record<'nl' | 'en', GuideSection[]> = { nl: NL, en: EN };
