/** Voices: espeak-ng language plus a variant (male, female, klatt...), spread over languages. */
export const VOICES: readonly string[] = [
  'en-us',
  'en-us+f3',
  'en-gb+m3',
  'en-gb-scotland+f2',
  'de+m2',
  'de+f4',
  'fr-fr+m1',
  'fr-fr+f1',
  'es+m4',
  'es+f5',
  'it+klatt',
  'pt+m5',
  'nl+f2',
  'pl+m6',
];

/** Short phrases per language; even indices go to the training half, odd ones to the test half. */
export const PHRASES: Readonly<Record<string, readonly string[]>> = {
  en: [
    'The quick brown fox jumps over the lazy dog',
    'Please call Stella and ask her to bring these things with her from the store',
    'Six spoons of fresh snow peas and five thick slabs of blue cheese',
    'We also need a small plastic snake and a big toy frog for the kids',
    'She can scoop these things into three red bags',
    'and we will go meet her Wednesday at the train station',
    'The meeting has been moved to half past four on Thursday',
    'Could you send me the report before the end of the week',
    'It is getting colder every evening now',
    'I think we should take the early flight',
    'Numbers one two three four five six seven eight nine ten',
    'Thank you for calling, your order has been shipped',
  ],
  de: [
    'Der schnelle braune Fuchs springt über den faulen Hund',
    'Morgen fahren wir mit dem Zug nach Berlin',
    'Das Wetter ist heute wirklich sehr schön',
    'Können Sie mir bitte den Weg zum Bahnhof zeigen',
    'Wir treffen uns um acht Uhr vor dem Kino',
    'Ich habe das Buch schon zweimal gelesen',
  ],
  fr: [
    'Le petit chat dort au soleil sur la terrasse',
    'Nous partirons demain matin de bonne heure',
    'Pouvez-vous répéter la question s il vous plaît',
    'Il fait froid ce soir dans la vallée',
    'La réunion commence dans dix minutes',
    'Elle a acheté du pain et du fromage au marché',
  ],
  es: [
    'El perro corre rápidamente por el parque',
    'Mañana tenemos una reunión muy importante',
    'Me gustaría reservar una mesa para cuatro personas',
    'La biblioteca cierra a las nueve de la noche',
    'Hace mucho calor en la ciudad este verano',
    'Vamos a visitar a mis abuelos el domingo',
  ],
  it: [
    'Il treno per Roma parte alle sette e mezza',
    'Vorrei un caffè e un cornetto per favore',
    'La casa dei miei nonni è vicino al mare',
    'Domani pioverà su tutta la regione',
  ],
  pt: [
    'O menino jogou a bola para o outro lado da rua',
    'Amanhã vamos viajar para o norte do país',
    'Eu gosto muito de ouvir música à noite',
    'A loja abre às nove horas da manhã',
  ],
  nl: [
    'De fiets staat achter het huis in de tuin',
    'Wij gaan morgen naar het strand als het mooi weer is',
    'Het is vandaag erg druk op de snelweg',
    'Kun je mij het zout even aangeven alsjeblieft',
  ],
  pl: [
    'Jutro rano pojedziemy pociągiem do Krakowa',
    'W ogrodzie rosną piękne czerwone róże',
    'Proszę zamknąć okno bo jest zimno',
    'Mój brat pracuje w dużym szpitalu',
  ],
};

/** The phrase language of a voice name (`de+m2` -> `de`, `en-gb-scotland+f2` -> `en`). */
export function languageOf(voice: string): string {
  return (voice.split('+')[0] as string).split('-')[0] as string;
}
