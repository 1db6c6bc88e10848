// The family a newcomer sees when `npm start` runs without a config file: the Weasleys and their places.
// Coordinates are invented spots in Devon, London and the Highlands; the simulator walks devices between them.

export const DEMO_CONFIG = {
  uniqueId: 'weasleys',
  // Apart from a family's own data: the demo's made-up moves and passwords never show in a real clock.
  // Every command run without a config file (serve, provision, doctor, admin-token…) works on it.
  dataDir: 'data/demo',
  places: [
    { name: 'Home', lat: 50.7376, lon: -3.2783, radius: 150, aliases: ['The Burrow'] },
    { name: 'Work', lat: 51.5007, lon: -0.1246, radius: 200, aliases: ['Ministry'] },
    { name: 'School', lat: 56.8198, lon: -5.1052, radius: 400, aliases: ['Hogwarts'] },
    { name: 'Hospital', lat: 51.5194, lon: -0.127, radius: 120 },
    { name: 'Mortal Peril' },
  ],
  members: [
    { name: 'Molly', devices: ['molly'] },
    { name: 'Arthur', devices: ['arthur'] },
    { name: 'Ginny', devices: ['ginny'] },
    { name: 'Ron', devices: ['ron'] },
  ],
  lostAfterMinutes: 60,
} as const
