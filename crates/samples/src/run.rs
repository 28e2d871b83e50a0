//! A synthetic activity sampled at 1 Hz, built from a list of segments
//! (walk, jog, run, stand).
//!
//! The model is simple on purpose: the importer needs plausible numbers with
//! the right shape (HR that lags effort, cadence bands that separate walking
//! from jogging, real stops), not physiology. Only `+ - * /` and `sqrt` are
//! used, so the output is the same on every platform.

use super::rng::Rng;

/// What the body does during a stretch of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effort {
    Stand,
    Walk,
    Jog,
    Run,
}

impl Effort {
    /// Jogging and running count as running time for load; walking does not.
    pub fn is_running(self) -> bool {
        matches!(self, Effort::Jog | Effort::Run)
    }
}

/// A stretch of constant effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub effort: Effort,
    pub secs: u32,
}

impl Segment {
    pub fn new(effort: Effort, secs: u32) -> Segment {
        Segment { effort, secs }
    }

    pub fn mins(effort: Effort, mins: u32) -> Segment {
        Segment::new(effort, mins * 60)
    }
}

/// Seconds of running (jog or run) in a list of segments.
pub fn running_secs(segments: &[Segment]) -> u32 {
    segments
        .iter()
        .filter(|s| s.effort.is_running())
        .map(|s| s.secs)
        .sum()
}

/// Splits the segment that contains `at_s` and puts a stand of `stand_s` there,
/// the way a red traffic light interrupts a run.
pub fn insert_stop(segments: &[Segment], at_s: u32, stand_s: u32) -> Vec<Segment> {
    let mut out = Vec::with_capacity(segments.len() + 2);
    let mut t = 0;
    let mut done = false;
    for s in segments {
        if !done && at_s >= t && at_s < t + s.secs {
            let before = at_s - t;
            if before > 0 {
                out.push(Segment::new(s.effort, before));
            }
            out.push(Segment::new(Effort::Stand, stand_s));
            out.push(Segment::new(s.effort, s.secs - before));
            done = true;
        } else {
            out.push(*s);
        }
        t += s.secs;
    }
    out
}

/// How the watch labels the activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sport {
    Walk,
    Run,
    TrailRun,
    /// Indoors: no GPS; speed and distance come from a footpod.
    TreadmillRun,
}

impl Sport {
    /// FIT `sport` and `sub_sport` codes.
    pub fn fit_codes(self) -> (u8, u8) {
        match self {
            Sport::Walk => (11, 0),
            Sport::Run => (1, 0),
            Sport::TreadmillRun => (1, 1),
            Sport::TrailRun => (1, 3),
        }
    }

    /// The GPX `<type>` text Garmin Connect and Strava write.
    pub fn gpx_type(self) -> &'static str {
        match self {
            Sport::Walk => "walking",
            _ => "running",
        }
    }

    pub fn has_gps(self) -> bool {
        self != Sport::TreadmillRun
    }
}

/// The athlete's current fitness: what each effort looks like for them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Athlete {
    pub walk_mps: f64,
    pub jog_mps: f64,
    pub run_mps: f64,
    /// Steps per minute, both feet.
    pub walk_spm: f64,
    pub jog_spm: f64,
    pub run_spm: f64,
    pub hr_stand_bpm: f64,
    pub hr_walk_bpm: f64,
    pub hr_jog_bpm: f64,
    pub hr_run_bpm: f64,
}

impl Athlete {
    /// A runner coming back from low back pain: brisk walker, slow jogger.
    pub fn returning() -> Athlete {
        Athlete {
            walk_mps: 1.62,
            jog_mps: 2.55,
            run_mps: 2.75,
            walk_spm: 114.0,
            jog_spm: 160.0,
            run_spm: 164.0,
            hr_stand_bpm: 92.0,
            hr_walk_bpm: 108.0,
            hr_jog_bpm: 152.0,
            hr_run_bpm: 158.0,
        }
    }

    fn speed_mps(&self, e: Effort) -> f64 {
        match e {
            Effort::Stand => 0.0,
            Effort::Walk => self.walk_mps,
            Effort::Jog => self.jog_mps,
            Effort::Run => self.run_mps,
        }
    }

    fn cadence_spm(&self, e: Effort) -> f64 {
        match e {
            Effort::Stand => 0.0,
            Effort::Walk => self.walk_spm,
            Effort::Jog => self.jog_spm,
            Effort::Run => self.run_spm,
        }
    }

    fn hr_bpm(&self, e: Effort) -> f64 {
        match e {
            Effort::Stand => self.hr_stand_bpm,
            Effort::Walk => self.hr_walk_bpm,
            Effort::Jog => self.hr_jog_bpm,
            Effort::Run => self.hr_run_bpm,
        }
    }
}

/// Everything needed to simulate one activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Unix seconds (UTC) of the first sample.
    pub start_unix_s: i64,
    /// Local time minus UTC at the start.
    pub utc_offset_s: i32,
    pub sport: Sport,
    pub segments: Vec<Segment>,
    pub athlete: Athlete,
    /// The watch stops recording while standing (Garmin auto-pause).
    pub auto_pause: bool,
    /// Where on the loop the activity starts, metres from the loop's origin.
    pub route_start_m: f64,
    /// Run the loop the other way round.
    pub reverse: bool,
    /// Seconds at the start before the HR strap reports anything.
    pub hr_lock_s: u32,
    pub seed: u64,
}

/// One 1 Hz sample, with units in the names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub unix_s: i64,
    pub lat_deg: Option<f64>,
    pub lon_deg: Option<f64>,
    pub alt_m: Option<f64>,
    pub hr_bpm: Option<u8>,
    /// Steps per minute, both feet (FIT and GPX store half of it).
    pub cadence_spm: Option<u16>,
    pub speed_mps: f64,
    /// Cumulative since the start, as the watch counts it.
    pub distance_m: f64,
    pub effort: Effort,
    /// True while auto-pause holds the timer: not written to any file.
    pub paused: bool,
}

/// A simulated activity: every second from start to end, paused ones too.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub start_unix_s: i64,
    pub utc_offset_s: i32,
    pub sport: Sport,
    pub points: Vec<Point>,
}

impl Activity {
    /// The samples a device would write: those outside auto-pause.
    pub fn recorded(&self) -> impl Iterator<Item = &Point> {
        self.points.iter().filter(|p| !p.paused)
    }

    pub fn end_unix_s(&self) -> i64 {
        self.points.last().map_or(self.start_unix_s, |p| p.unix_s)
    }

    pub fn running_secs(&self) -> u32 {
        self.points.iter().filter(|p| p.effort.is_running()).count() as u32
    }

    pub fn totals(&self) -> Totals {
        Totals::of(&self.points, self.end_unix_s())
    }
}

/// Summary figures over a stretch of points, the way a watch computes them
/// for its lap and session messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    pub start_unix_s: i64,
    pub end_unix_s: i64,
    pub elapsed_s: u32,
    /// Elapsed less auto-paused seconds.
    pub timer_s: u32,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    pub avg_hr_bpm: Option<u8>,
    pub max_hr_bpm: Option<u8>,
    /// Steps per minute over the seconds with a cadence above zero.
    pub avg_cadence_spm: Option<u16>,
    pub max_cadence_spm: Option<u16>,
    pub max_speed_mps: f64,
    /// First and last recorded position.
    pub start_pos: Option<(f64, f64)>,
    pub end_pos: Option<(f64, f64)>,
}

impl Totals {
    /// `end_unix_s` closes the stretch: the next lap's first second, or the
    /// activity's last one.
    pub fn of(points: &[Point], end_unix_s: i64) -> Totals {
        let first = points.first().expect("a stretch has at least one point");
        let rec: Vec<&Point> = points.iter().filter(|p| !p.paused).collect();
        let elapsed_s = (end_unix_s - first.unix_s).max(0) as u32;
        let paused = points.iter().filter(|p| p.paused).count() as u32;
        let dist_before = first.distance_m - first.speed_mps;
        let (ascent_m, descent_m) = climb(rec.iter().filter_map(|p| p.alt_m));
        let pos = |p: &&Point| p.lat_deg.zip(p.lon_deg);
        Totals {
            start_unix_s: first.unix_s,
            end_unix_s,
            elapsed_s,
            timer_s: elapsed_s.saturating_sub(paused),
            distance_m: points.last().map_or(0.0, |p| p.distance_m) - dist_before.max(0.0),
            ascent_m,
            descent_m,
            avg_hr_bpm: mean_u16(rec.iter().filter_map(|p| p.hr_bpm.map(u16::from)))
                .map(|v| v as u8),
            max_hr_bpm: rec.iter().filter_map(|p| p.hr_bpm).max(),
            avg_cadence_spm: mean_u16(rec.iter().filter_map(|p| p.cadence_spm).filter(|c| *c > 0)),
            max_cadence_spm: rec.iter().filter_map(|p| p.cadence_spm).max(),
            max_speed_mps: rec.iter().map(|p| p.speed_mps).fold(0.0, f64::max),
            start_pos: rec.iter().find_map(pos),
            end_pos: rec.iter().rev().find_map(pos),
        }
    }
}

fn mean_u16(values: impl Iterator<Item = u16>) -> Option<u16> {
    let (sum, n) = values.fold((0u64, 0u64), |(s, n), v| (s + u64::from(v), n + 1));
    (n > 0).then(|| ((sum + n / 2) / n) as u16)
}

/// Ascent and descent with a 1 m hysteresis, so barometer noise does not
/// add up to phantom climbing.
fn climb(alts: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut up, mut down) = (0.0, 0.0);
    let mut anchor: Option<f64> = None;
    for a in alts {
        let Some(base) = anchor else {
            anchor = Some(a);
            continue;
        };
        let d = a - base;
        if d >= 1.0 {
            up += d;
            anchor = Some(a);
        } else if d <= -1.0 {
            down -= d;
            anchor = Some(a);
        }
    }
    (up, down)
}

/// Latitude of the loop's origin, somewhere in Brandenburg.
const ORIGIN_LAT_DEG: f64 = 52.4123;
const ORIGIN_LON_DEG: f64 = 13.0517;
/// Metres per degree on a sphere of radius 6 371 km, at the origin's
/// latitude; precomputed so no `cos` runs here.
const M_PER_DEG_LAT: f64 = 111_194.926_644_558_7;
const M_PER_DEG_LON: f64 = 67_826.132_570_922_4;
/// Indoor barometric altitude for the treadmill.
const GYM_ALT_M: f64 = 38.4;

/// The park loop: (east m, north m, elevation m) from the origin, ~2.9 km.
const LOOP: [(f64, f64, f64); 12] = [
    (0.0, 0.0, 41.0),
    (220.0, 60.0, 43.5),
    (480.0, 40.0, 47.0),
    (700.0, 150.0, 52.5),
    (820.0, 380.0, 55.0),
    (780.0, 640.0, 50.0),
    (600.0, 800.0, 44.0),
    (340.0, 860.0, 39.5),
    (100.0, 780.0, 36.0),
    (-60.0, 560.0, 37.5),
    (-120.0, 300.0, 39.0),
    (-80.0, 100.0, 40.0),
];

/// A closed polyline with cumulative lengths, for lookups by distance.
struct Route {
    cum_m: [f64; LOOP.len() + 1],
}

impl Route {
    fn new() -> Route {
        let mut cum_m = [0.0; LOOP.len() + 1];
        for i in 0..LOOP.len() {
            let (a, b) = (LOOP[i], LOOP[(i + 1) % LOOP.len()]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            cum_m[i + 1] = cum_m[i] + (dx * dx + dy * dy).sqrt();
        }
        Route { cum_m }
    }

    fn len_m(&self) -> f64 {
        self.cum_m[LOOP.len()]
    }

    /// Position and elevation `s` metres along the loop (any real `s`).
    fn at(&self, s: f64) -> (f64, f64, f64) {
        let len = self.len_m();
        let s = s - (s / len).floor() * len;
        let i = (0..LOOP.len()).rfind(|&i| self.cum_m[i] <= s).unwrap_or(0);
        let f = (s - self.cum_m[i]) / (self.cum_m[i + 1] - self.cum_m[i]);
        let (a, b) = (LOOP[i], LOOP[(i + 1) % LOOP.len()]);
        // Smoothstep keeps the hills rounded instead of piecewise-linear.
        let g = f * f * (3.0 - 2.0 * f);
        (
            a.0 + (b.0 - a.0) * f,
            a.1 + (b.1 - a.1) * f,
            a.2 + (b.2 - a.2) * g,
        )
    }
}

/// Slowly wandering noise (AR(1)): GPS error and barometer drift are
/// correlated from one second to the next, not white.
struct Wander {
    value: f64,
    keep: f64,
    kick: f64,
}

impl Wander {
    fn new(keep: f64, kick: f64) -> Wander {
        Wander {
            value: 0.0,
            keep,
            kick,
        }
    }

    fn step(&mut self, rng: &mut Rng) -> f64 {
        self.value = self.value * self.keep + self.kick * rng.noise();
        self.value
    }
}

/// The body and sensor state carried from one second to the next.
struct State {
    speed_mps: f64,
    distance_m: f64,
    hr_bpm: f64,
    gps_e: Wander,
    gps_n: Wander,
    baro: Wander,
    pace: Wander,
}

/// Simulates the activity second by second.
pub fn simulate(spec: &Spec) -> Activity {
    let mut rng = Rng::new(spec.seed);
    let route = Route::new();
    let mut st = State {
        speed_mps: 0.0,
        distance_m: 0.0,
        hr_bpm: spec.athlete.hr_stand_bpm - 10.0 + 4.0 * rng.noise(),
        gps_e: Wander::new(0.98, 0.25),
        gps_n: Wander::new(0.98, 0.25),
        baro: Wander::new(0.98, 0.08),
        pace: Wander::new(0.995, 0.004),
    };
    let total: u32 = spec.segments.iter().map(|s| s.secs).sum();
    let mut points = Vec::with_capacity(total as usize);
    let mut t = 0u32;
    for seg in &spec.segments {
        for _ in 0..seg.secs {
            points.push(step(spec, &route, &mut st, &mut rng, seg.effort, t));
            t += 1;
        }
    }
    Activity {
        start_unix_s: spec.start_unix_s,
        utc_offset_s: spec.utc_offset_s,
        sport: spec.sport,
        points,
    }
}

/// One second: move, let the heart respond, then read the sensors.
fn step(spec: &Spec, route: &Route, st: &mut State, rng: &mut Rng, e: Effort, t: u32) -> Point {
    let grade = grade(spec, route, st.distance_m);
    let speed_mps = advance(spec, st, rng, e, grade);
    let hr = heart(spec, st, rng, e, grade, t);
    let cad = if speed_mps < 0.3 {
        0.0
    } else {
        spec.athlete.cadence_spm(e) + 1.5 * rng.noise()
    };
    let (lat, lon, alt) = position(spec, route, st, rng);
    Point {
        unix_s: spec.start_unix_s + i64::from(t),
        lat_deg: lat,
        lon_deg: lon,
        alt_m: Some(alt),
        hr_bpm: (t >= spec.hr_lock_s).then_some(hr),
        cadence_spm: Some(cad.round().max(0.0) as u16),
        speed_mps,
        distance_m: st.distance_m,
        effort: e,
        paused: spec.auto_pause && e == Effort::Stand,
    }
}

/// Metres along the loop after covering `distance_m`, in either direction.
fn along(spec: &Spec, distance_m: f64) -> f64 {
    let dir = if spec.reverse { -1.0 } else { 1.0 };
    spec.route_start_m + dir * distance_m
}

/// Rise over run around the current spot; treadmills sit at 1 %.
fn grade(spec: &Spec, route: &Route, distance_m: f64) -> f64 {
    if !spec.sport.has_gps() {
        return 0.01;
    }
    let ahead = route.at(along(spec, distance_m + 5.0)).2;
    let behind = route.at(along(spec, distance_m - 5.0)).2;
    (ahead - behind) / 10.0
}

/// Eases speed toward the effort's pace (slower uphill, quicker to stop
/// than to start) and returns the speed the sensor reports.
fn advance(spec: &Spec, st: &mut State, rng: &mut Rng, e: Effort, grade: f64) -> f64 {
    let base = spec.athlete.speed_mps(e) * (1.0 + st.pace.step(rng)) * (1.0 - 2.0 * grade);
    let target = if e == Effort::Stand { 0.0 } else { base };
    let rate = if target > st.speed_mps { 0.25 } else { 0.45 };
    st.speed_mps += (target - st.speed_mps) * rate;
    if st.speed_mps < 0.05 {
        st.speed_mps = 0.0;
    }
    // Footpods misjudge speed a little more than GPS-smoothed watches do.
    let err = if spec.sport.has_gps() { 0.01 } else { 0.02 };
    let sensed = (st.speed_mps * (1.0 + err * rng.noise())).max(0.0);
    let speed_mps = if st.speed_mps == 0.0 { 0.0 } else { sensed };
    st.distance_m += speed_mps;
    speed_mps
}

/// First-order lag toward the effort's HR (faster up than down), plus
/// cardiac drift while running and extra beats on climbs.
fn heart(spec: &Spec, st: &mut State, rng: &mut Rng, e: Effort, grade: f64, t: u32) -> u8 {
    let drift = if e.is_running() {
        f64::from(t) / 60.0 * 0.12
    } else {
        0.0
    };
    let target = spec.athlete.hr_bpm(e) + 250.0 * grade + drift;
    let tau = if target > st.hr_bpm { 18.0 } else { 32.0 };
    st.hr_bpm += (target - st.hr_bpm) / tau;
    (st.hr_bpm + 0.8 * rng.noise()).round().clamp(40.0, 220.0) as u8
}

/// GPS fix (with wandering error) and barometric altitude; indoors only
/// the barometer.
fn position(
    spec: &Spec,
    route: &Route,
    st: &mut State,
    rng: &mut Rng,
) -> (Option<f64>, Option<f64>, f64) {
    let (x, y, z) = route.at(along(spec, st.distance_m));
    let (ex, ny, bz) = (st.gps_e.step(rng), st.gps_n.step(rng), st.baro.step(rng));
    if !spec.sport.has_gps() {
        return (None, None, GYM_ALT_M + bz);
    }
    let lat = ORIGIN_LAT_DEG + (y + ny) / M_PER_DEG_LAT;
    let lon = ORIGIN_LON_DEG + (x + ex) / M_PER_DEG_LON;
    (Some(lat), Some(lon), z + bz)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(segments: Vec<Segment>) -> Spec {
        Spec {
            start_unix_s: 1_785_130_272,
            utc_offset_s: 7200,
            sport: Sport::Run,
            segments,
            athlete: Athlete::returning(),
            auto_pause: false,
            route_start_m: 0.0,
            reverse: false,
            hr_lock_s: 0,
            seed: 9,
        }
    }

    fn mean_cadence(a: &Activity, e: Effort, skip: usize) -> f64 {
        let v: Vec<f64> = a
            .points
            .iter()
            .filter(|p| p.effort == e)
            .skip(skip)
            .map(|p| f64::from(p.cadence_spm.unwrap()))
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    }

    #[test]
    fn cadence_bands_separate_walking_from_jogging() {
        let a = simulate(&spec(vec![
            Segment::mins(Effort::Walk, 4),
            Segment::mins(Effort::Jog, 4),
            Segment::new(Effort::Stand, 40),
        ]));
        let walk = mean_cadence(&a, Effort::Walk, 10);
        let jog = mean_cadence(&a, Effort::Jog, 10);
        assert!((105.0..=120.0).contains(&walk), "walk {walk}");
        assert!((155.0..=170.0).contains(&jog), "jog {jog}");
        assert_eq!(mean_cadence(&a, Effort::Stand, 10), 0.0);
    }

    #[test]
    fn heart_rate_lags_effort() {
        let a = simulate(&spec(vec![
            Segment::mins(Effort::Walk, 3),
            Segment::mins(Effort::Jog, 5),
        ]));
        let hr = |i: usize| f64::from(a.points[i].hr_bpm.unwrap());
        // 10 s into the jog the heart has not caught up yet; 4 min in it has.
        assert!(hr(190) < hr(180 + 240) - 20.0, "{} vs {}", hr(190), hr(420));
        assert!(hr(420) > 140.0);
    }

    #[test]
    fn distance_is_the_integral_of_speed_and_follows_the_loop() {
        let a = simulate(&spec(vec![Segment::mins(Effort::Jog, 20)]));
        let sum: f64 = a.points.iter().map(|p| p.speed_mps).sum();
        let last = a.points.last().unwrap();
        assert!((sum - last.distance_m).abs() < 1e-6);
        assert!(
            (2500.0..3500.0).contains(&last.distance_m),
            "{}",
            last.distance_m
        );
        for p in &a.points {
            let (lat, lon) = (p.lat_deg.unwrap(), p.lon_deg.unwrap());
            assert!((52.40..52.43).contains(&lat) && (13.04..13.07).contains(&lon));
        }
        let t = a.totals();
        assert!(
            t.ascent_m > 5.0 && t.ascent_m < 60.0,
            "ascent {}",
            t.ascent_m
        );
    }

    #[test]
    fn auto_pause_shortens_timer_but_not_elapsed() {
        let segs = insert_stop(&[Segment::mins(Effort::Jog, 10)], 300, 45);
        assert_eq!(segs.iter().map(|s| s.secs).sum::<u32>(), 645);
        let mut s = spec(segs);
        s.auto_pause = true;
        let t = simulate(&s).totals();
        assert_eq!(t.elapsed_s, 644);
        assert_eq!(t.timer_s, 644 - 45);
    }

    #[test]
    fn treadmill_has_no_position_and_hr_lock_leaves_a_gap() {
        let mut s = spec(vec![Segment::mins(Effort::Jog, 5)]);
        s.sport = Sport::TreadmillRun;
        s.hr_lock_s = 12;
        let a = simulate(&s);
        assert!(a.points.iter().all(|p| p.lat_deg.is_none()));
        assert!(a.points[11].hr_bpm.is_none() && a.points[12].hr_bpm.is_some());
        assert!(a.points.last().unwrap().distance_m > 600.0);
    }

    #[test]
    fn same_seed_same_activity() {
        let s = spec(vec![
            Segment::mins(Effort::Walk, 2),
            Segment::mins(Effort::Run, 2),
        ]);
        assert_eq!(simulate(&s), simulate(&s));
    }
}
