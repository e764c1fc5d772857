export * from './bundled-plans';
export * from './seeds/ganzhou-2024';
export * from './seeds/qingliu-2025';
export * from './seeds/yichun';
export * from './seeds/yuyao-2024';
export * from './seeds/jiujiang-huidebao';
export * from './township-table-csv';
export * from './subsidy-roster-csv';
